package io.chatgateway.system;

import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * Which Camel message headers become HTTP response headers. Camel would otherwise echo every request header
 * (Cookie, Authorization, X-Team-Id...) back to the client; only headers routes set on purpose go out.
 */
@Component("responseHeaderPolicy")
public class ResponseHeaderPolicy implements HeaderFilterStrategy {

    private static final Set<String> RESPONSE_HEADERS = Set.of(
            "set-cookie", "location", "etag", "cache-control", "retry-after", "last-modified",
            "content-disposition", "vary", "x-gateway-overhead-ms");

    private final HeaderFilterStrategy requestHeaders = new HttpHeaderFilterStrategy();

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !RESPONSE_HEADERS.contains(headerName.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return requestHeaders.applyFilterToExternalHeaders(headerName, headerValue, exchange);
    }
}
