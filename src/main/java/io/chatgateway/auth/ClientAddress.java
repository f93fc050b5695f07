package io.chatgateway.auth;

import java.util.List;

import io.chatgateway.system.GatewayProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The client's IP address for rate limiting. {@code X-Forwarded-For} is believed only when the request comes
 * from a configured trusted proxy, and then only up to the first address that is not itself a trusted proxy.
 */
@Component
public class ClientAddress {

    private final List<IpAddressMatcher> trustedProxies;

    public ClientAddress(GatewayProperties properties) {
        this.trustedProxies = properties.auth().trustedProxyList().stream().map(IpAddressMatcher::new).toList();
    }

    /** The address of the HTTP request behind the exchange; "unknown" for a call that did not come over HTTP. */
    public String of(Exchange exchange) {
        HttpServletRequest request = CurrentUser.requestOf(exchange);
        return request == null ? "unknown" : of(request);
    }

    public String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !isTrusted(address)) {
            return address;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue;
            }
            address = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return address;
    }

    private boolean isTrusted(String address) {
        try {
            return trustedProxies.stream().anyMatch(proxy -> proxy.matches(address));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
