package io.chatgateway.agent;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Which webhook URLs the gateway may call (SSRF guard). Only http/https. In production a URL whose host
 * resolves to a loopback, link-local (cloud metadata), private or otherwise internal address is refused
 * unless AGENT_WEBHOOK_ALLOWED_HOSTS names it (host name, {@code *.suffix} wildcard, or IP/CIDR). In
 * development every host is allowed, so a local n8n just works. Checked on create/update and before each call.
 */
@Component("webhookUrlPolicy")
public class WebhookUrlPolicy {

    private final boolean production;
    private final List<String> hostPatterns;
    private final List<IpAddressMatcher> cidrs;

    public WebhookUrlPolicy(GatewayProperties gateway, AgentProperties agents) {
        this.production = gateway.isProduction();
        this.hostPatterns = agents.allowedHostPatterns().stream()
                .filter(p -> !looksLikeAddress(p)).map(p -> p.toLowerCase(Locale.ROOT)).toList();
        this.cidrs = agents.allowedHostPatterns().stream().filter(WebhookUrlPolicy::looksLikeAddress)
                .map(IpAddressMatcher::new).toList();
    }

    /** Refuses (422 on field webhook_url) a URL the gateway must not call. */
    public void check(String url) {
        URI uri = parse(url);
        if (!production) {
            return;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (hostAllowed(host)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw ApiException.invalid("webhook_url", "host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            if (isInternal(address) && !addressAllowed(address)) {
                throw ApiException.invalid("webhook_url", "host '" + host
                        + "' resolves to an internal address; allow it with AGENT_WEBHOOK_ALLOWED_HOSTS");
            }
        }
    }

    static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw ApiException.invalid("webhook_url", "must be a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.invalid("webhook_url", "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiException.invalid("webhook_url", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalid("webhook_url", "must not contain credentials; use webhook_token");
        }
        return uri;
    }

    private boolean hostAllowed(String host) {
        for (String pattern : hostPatterns) {
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
                return true;
            }
        }
        return looksLikeAddress(host) && addressAllowed(host);
    }

    private boolean addressAllowed(InetAddress address) {
        return addressAllowed(address.getHostAddress());
    }

    private boolean addressAllowed(String address) {
        return cidrs.stream().anyMatch(cidr -> {
            try {
                return cidr.matches(address);
            } catch (IllegalArgumentException e) {
                return false;
            }
        });
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if (bytes.length == 4) {
            return first == 0 || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                    || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0) || first >= 240;
        }
        return (first & 0xfe) == 0xfc; // IPv6 unique local fc00::/7
    }

    private static boolean looksLikeAddress(String value) {
        return value.matches("[0-9.]+(/\\d+)?") || value.contains(":");
    }
}
