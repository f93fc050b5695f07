package io.chatgateway.relay;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.http.NoopCookieStore;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Calls an agent's webhook with camel-http and hands back the answer as a live stream. Each call is a fresh
 * exchange carrying only the headers set here, so nothing of the client's request (cookie, authorization, ...)
 * can reach n8n. The endpoint keeps stream caching off ({@code disableStreamCache}) and is sent to directly
 * rather than through a unit of work, whose completion would drain the body: the relay reads it, then closes or
 * aborts it itself. One endpoint (and connection pool, sized by {@code chatgateway.relay.max-connections}) per
 * timeout profile: the default one, plus one per distinct agent override.
 */
@Component
class WebhookClient {

    private final CamelContext camel;
    private final int maxConnections;
    private final Map<String, Producer> producers = new ConcurrentHashMap<>();

    WebhookClient(CamelContext camel, RelayProperties properties) {
        this.camel = camel;
        this.maxConnections = properties.maxConnections();
    }

    /** n8n must not be able to plant cookies that a later call (maybe for another team) would send back. */
    @Bean
    static NoopCookieStore relayCookieStore() {
        return new NoopCookieStore();
    }

    Upstream call(String url, String token, byte[] body, StreamSettings settings) throws Exception {
        Producer producer = producers.computeIfAbsent(endpointUri(settings), this::startProducer);
        Exchange exchange = producer.getEndpoint().createExchange();
        Message request = exchange.getIn();
        request.setHeader(Exchange.HTTP_URI, url);
        request.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // an uncompressed answer can be relayed as it arrives and aborted without draining
        request.setHeader("Accept-Encoding", "identity");
        if (token != null && !token.isBlank()) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        request.setBody(body);
        producer.process(exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        Message response = exchange.getMessage();
        return new Upstream(response.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                response.getHeader(Exchange.CONTENT_TYPE, String.class),
                response.getBody(InputStream.class));
    }

    private String endpointUri(StreamSettings settings) {
        // the method on the endpoint, not in a header: camel-http would convert the header's enum to its own
        // (different) HttpMethods enum through a type-converter lookup miss on every call
        return "http://n8n-webhook?httpMethod=POST&disableStreamCache=true&throwExceptionOnFailure=false"
                + "&followRedirects=false"
                + "&cookieStore=#relayCookieStore"
                + "&maxTotalConnections=" + maxConnections + "&connectionsPerRoute=" + maxConnections
                + "&connectTimeout=" + settings.connectTimeoutMs()
                + "&responseTimeout=" + settings.responseTimeoutMs();
    }

    private Producer startProducer(String uri) {
        try {
            Producer producer = camel.getEndpoint(uri).createProducer();
            ServiceHelper.startService(producer);
            return producer;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the webhook endpoint", e);
        }
    }

    /** The answer's status, content type and body (null when there is none). */
    record Upstream(int status, String contentType, InputStream body) {
    }
}
