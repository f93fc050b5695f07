package io.chatgateway.agent;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Which webhook URLs the gateway may call (SSRF guard). Only http/https. In production a URL whose host
 * resolves to a loopback, link-local (cloud metadata), private or otherwise internal address is refused
 * unless AGENT_WEBHOOK_ALLOWED_HOSTS names it (host name, {@code *.suffix} wildcard, or IP/CIDR), and so is a
 * host spelled as an IPv4 address in any but the plain dotted-decimal form (parsers disagree on
 * {@code 0177.0.0.1}: Java reads 177.0.0.1, browsers and curl 127.0.0.1). In development every host is allowed,
 * so a local n8n just works. Checked on create/update and before each call, and enforced again when the relay
 * connects ({@link #resolve}), so a host whose DNS answer changes after the check (rebinding) is still refused.
 */
@Component("webhookUrlPolicy")
public class WebhookUrlPolicy {

    private static final Pattern DECIMAL_OCTET = Pattern.compile("25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9]");
    private static final Pattern PLAIN_IPV4 = Pattern.compile(
            "(" + DECIMAL_OCTET + ")\\.(" + DECIMAL_OCTET + ")\\.(" + DECIMAL_OCTET + ")\\.(" + DECIMAL_OCTET + ")");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final Pattern ADDRESS_OR_CIDR = Pattern.compile("[0-9.]+(/\\d+)?");
    /** Webhook URLs and host names whose verdicts are kept: a send checks its agent's twice (start and connect). */
    private static final int REMEMBERED = 10_000;

    /**
     * Address blocks that are not globally reachable (IANA special-purpose registries) or that carry another
     * address inside (NAT64, 6to4, Teredo, IPv4-compatible), so a webhook could reach the cluster through them.
     * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) need no entry: Java reads them as the IPv4 address itself.
     */
    private static final List<AddressBlock> INTERNAL_BLOCKS = AddressBlock.all(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
            "2002::/16", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");

    private final boolean production;
    private final List<String> hostPatterns;
    private final List<IpAddressMatcher> cidrs;
    /** The host of each valid webhook URL seen, and what the spelling and the allow list say of each host name. */
    private final Cache<String, String> hosts = Caffeine.newBuilder().maximumSize(REMEMBERED).build();
    private final Cache<String, NameVerdict> names = Caffeine.newBuilder().maximumSize(REMEMBERED).build();

    /** What a host name alone decides (spelling and AGENT_WEBHOOK_ALLOWED_HOSTS); its addresses decide the rest. */
    private enum NameVerdict { AMBIGUOUS_SPELLING, ALLOWED, CHECK_ADDRESSES }

    public WebhookUrlPolicy(GatewayProperties gateway, AgentProperties agents) {
        this.production = gateway.isProduction();
        this.hostPatterns = agents.allowedHostPatterns().stream()
                .filter(p -> !looksLikeAddress(p)).map(p -> p.toLowerCase(Locale.ROOT)).toList();
        this.cidrs = agents.allowedHostPatterns().stream().filter(WebhookUrlPolicy::looksLikeAddress)
                .map(IpAddressMatcher::new).toList();
    }

    /** Looks up a host's addresses (the system resolver, or a test's). */
    @FunctionalInterface
    public interface HostLookup {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    /** A host the policy refuses; its message says why, for the person who set the webhook URL. */
    public static final class RefusedHostException extends UnknownHostException {

        RefusedHostException(String message) {
            super(message);
        }
    }

    /** Refuses (422 on field webhook_url) a URL the gateway must not call. */
    public void check(String url) {
        check("webhook_url", url);
    }

    /** Refuses (422 on the named field) a URL the gateway must not call, e.g. an agent's n8n API. */
    public void check(String field, String url) {
        // an invalid URL throws here and is not remembered
        String host = hosts.get(url, valid -> hostName(parse(field, valid).getHost()));
        if (!production) {
            return;
        }
        try {
            resolve(host, InetAddress::getAllByName);
        } catch (RefusedHostException e) {
            throw ApiException.invalid(field, e.getMessage());
        } catch (UnknownHostException e) {
            throw ApiException.invalid(field, "host '" + host + "' does not resolve");
        }
    }

    /**
     * The addresses the gateway may connect to for a webhook host, looked up with {@code lookup}: all of them, or
     * a {@link RefusedHostException} when any of them (or the host's spelling) is refused in production.
     */
    public InetAddress[] resolve(String host, HostLookup lookup) throws UnknownHostException {
        String name = hostName(host);
        if (!production) {
            return lookup.lookup(name);
        }
        NameVerdict verdict = names.get(name, this::verdict);
        if (verdict == NameVerdict.AMBIGUOUS_SPELLING) {
            throw new RefusedHostException("host '" + name + "' is an ambiguous spelling of an IP address; "
                    + "write an IPv4 address as four decimal numbers without leading zeros");
        }
        if (verdict == NameVerdict.ALLOWED) {
            return lookup.lookup(name);
        }
        InetAddress[] addresses = lookup.lookup(name);
        for (InetAddress address : addresses) {
            if (isInternal(address) && !addressAllowed(address)) {
                throw new RefusedHostException("host '" + name
                        + "' resolves to an internal address; allow it with AGENT_WEBHOOK_ALLOWED_HOSTS");
            }
        }
        return addresses;
    }

    private NameVerdict verdict(String name) {
        return !plainlySpelled(name) ? NameVerdict.AMBIGUOUS_SPELLING
                : hostAllowed(name) ? NameVerdict.ALLOWED : NameVerdict.CHECK_ADDRESSES;
    }

    static URI parse(String url) {
        return parse("webhook_url", url);
    }

    private static URI parse(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw ApiException.invalid(field, "must be a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.invalid(field, "must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiException.invalid(field, "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.invalid(field, "must not contain credentials; use webhook_token");
        }
        return uri;
    }

    private static String hostName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    }

    /**
     * False for a host that reads as an IPv4 address in some parser but is not written as four decimal numbers:
     * by the URL standard a host whose last label is a number is an IPv4 address, in octal, hex or fewer parts
     * ({@code 0177.0.0.1}, {@code 0x7f.1}, {@code 2130706433}, {@code 127.1}, {@code 1.2.3.4.}). The same for
     * the IPv4 part of an IPv6 address ({@code ::ffff:0177.0.0.1}).
     */
    static boolean plainlySpelled(String host) {
        if (host.contains(":")) {
            int dot = host.indexOf('.');
            return dot < 0 || PLAIN_IPV4.matcher(host.substring(host.lastIndexOf(':') + 1)).matches();
        }
        String[] labels = host.split("\\.", -1);
        String last = labels[labels.length - 1];
        if (last.isEmpty() && labels.length > 1) {
            last = labels[labels.length - 2];
        }
        return !NUMERIC_LABEL.matcher(last).matches() || PLAIN_IPV4.matcher(host).matches();
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
        return INTERNAL_BLOCKS.stream().anyMatch(block -> block.contains(bytes));
    }

    private static boolean looksLikeAddress(String value) {
        return ADDRESS_OR_CIDR.matcher(value).matches() || value.contains(":");
    }

    /** An address block in CIDR notation, e.g. 198.18.0.0/15 or 64:ff9b::/96. */
    private record AddressBlock(byte[] network, int prefixBits) {

        static List<AddressBlock> all(String... cidrs) {
            return Arrays.stream(cidrs).map(AddressBlock::of).toList();
        }

        static AddressBlock of(String cidr) {
            int slash = cidr.indexOf('/');
            try {
                // literals only: no name lookup happens here
                return new AddressBlock(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                        Integer.parseInt(cidr.substring(slash + 1)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixBits / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int restBits = prefixBits % 8;
            if (restBits == 0) {
                return true;
            }
            int mask = 0xff << (8 - restBits) & 0xff;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }
}
