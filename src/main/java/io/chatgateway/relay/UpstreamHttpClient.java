package io.chatgateway.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.chatgateway.agent.WebhookUrlPolicy;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The HTTP client of every upstream call (Apache HttpClient 5, classic API): one connection pool of
 * {@code chatgateway.relay.max-connections}, host names resolved through the webhook URL policy at connect time
 * ({@link WebhookAddressResolver}), no cookies (n8n must not plant one that a later call, maybe for another team,
 * would send back), no redirects, no retries (a retried POST could run a paid workflow twice), no compression (an
 * uncompressed answer can be relayed as it arrives and aborted without draining). A pooled connection idle for
 * more than a second is checked before reuse, so one that the upstream closed meanwhile (keep-alive timeout,
 * without {@code Connection: close}) is replaced instead of failing the send.
 */
@Component
class UpstreamHttpClient implements DisposableBean {

    /** The header of a webhook call that carries the generation's id. */
    static final String GENERATION_HEADER = "X-Chat-Gateway-Generation-Id";
    /** Long enough to spare back-to-back calls the check, short enough to catch keep-alive timeouts of seconds. */
    static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);
    /** Pooled connections nobody used for this long are closed (upstreams close them anyway, sooner or later). */
    private static final TimeValue MAX_IDLE = TimeValue.ofSeconds(30);
    /**
     * Per-connection read and write buffers, held as long as the stream: n8n's lines are a few hundred bytes, and
     * a request body larger than the buffer is written past it.
     */
    private static final int BUFFER_SIZE = 2048;

    private final CloseableHttpClient client;
    /** Aborts calls that outlast their time: n8n API calls ({@link #exchange}) and agent test calls. */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1,
            new CustomizableThreadFactory("upstream-deadline-") {
                {
                    setDaemon(true);
                }
            });

    @Autowired
    UpstreamHttpClient(WebhookUrlPolicy policy, RelayProperties properties) {
        this(new WebhookAddressResolver(policy, InetAddress::getAllByName), properties);
    }

    UpstreamHttpClient(WebhookAddressResolver resolver, RelayProperties properties) {
        deadlines.setRemoveOnCancelPolicy(true);
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setMaxConnTotal(properties.maxConnections())
                .setMaxConnPerRoute(properties.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                        .build())
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setBufferSize(BUFFER_SIZE).build())
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableAuthCaching()
                .evictExpiredConnections()
                .evictIdleConnections(MAX_IDLE)
                .build();
    }

    /**
     * A JSON POST with an optional bearer token, the generation's id ({@link #GENERATION_HEADER}: n8n keeps it with
     * the execution, which is how {@link N8nExecutions} finds the execution to stop) and nothing else of the client's
     * request.
     */
    UpstreamCall post(String url, String bearerToken, byte[] jsonBody, StreamSettings settings, UUID generationId) {
        HttpPost post = new HttpPost(URI.create(url));
        post.setEntity(new ByteArrayEntity(jsonBody, ContentType.APPLICATION_JSON));
        post.setHeader("Accept-Encoding", "identity");
        if (bearerToken != null && !bearerToken.isBlank()) {
            post.setHeader("Authorization", "Bearer " + bearerToken);
        }
        if (generationId != null) {
            post.setHeader(GENERATION_HEADER, generationId.toString());
        }
        post.setConfig(requestConfig(settings));
        return new Call(post);
    }

    /**
     * One request to an n8n API (not a stream): its status and body, read whole up to {@code maxBytes}. The whole
     * exchange has {@code timeoutMs}: past it, or past {@code maxBytes}, the request is aborted (its connection
     * closed, never drained), so a server that dribbles or never ends holds no thread.
     */
    ApiReply exchange(HttpUriRequestBase request, int timeoutMs, int maxBytes) throws IOException {
        request.setHeader("Accept", "application/json");
        request.setHeader("Accept-Encoding", "identity");
        request.setConfig(apiRequestConfig(timeoutMs));
        ScheduledFuture<?> deadline = atDeadline(timeoutMs, request::cancel);
        try (ClassicHttpResponse response = client.executeOpen(null, request, HttpClientContext.create())) {
            HttpEntity entity = response.getEntity();
            byte[] body = new byte[0];
            if (entity != null) {
                body = entity.getContent().readNBytes(maxBytes + 1);
                if (body.length > maxBytes) {
                    request.cancel();
                    throw new IOException("The answer is longer than " + maxBytes + " bytes");
                }
            }
            return new ApiReply(response.getCode(), body);
        } finally {
            deadline.cancel(false);
        }
    }

    /** Runs {@code abort} (on the deadline thread: it must not block) unless cancelled within {@code timeoutMs}. */
    ScheduledFuture<?> atDeadline(long timeoutMs, Runnable abort) {
        return deadlines.schedule(abort, timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** An n8n API's answer. */
    record ApiReply(int status, byte[] body) {
    }

    @SuppressWarnings("deprecation") // as in requestConfig
    private static RequestConfig apiRequestConfig(int timeoutMs) {
        return RequestConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(timeoutMs))
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(timeoutMs))
                .setResponseTimeout(Timeout.ofMilliseconds(timeoutMs))
                .setRedirectsEnabled(false)
                .build();
    }

    /**
     * No socket read timeout: the relay's watchdog enforces the first-byte, idle and total timeouts by aborting the
     * call, and a timed read costs a timer per read of every piece (bench B4: about half of the CPU it saved).
     */
    @SuppressWarnings("deprecation") // the connect timeout is per agent; HttpClient's replacement is per pool
    private static RequestConfig requestConfig(StreamSettings settings) {
        return RequestConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMs()))
                .setConnectionRequestTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMs()))
                .setResponseTimeout(Timeout.DISABLED)
                .setRedirectsEnabled(false)
                .build();
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }

    /** One request; {@link #abort} cancels it, which closes its connection whatever state the call is in. */
    private final class Call implements UpstreamCall {

        private final HttpPost request;

        Call(HttpPost request) {
            this.request = request;
        }

        @Override
        public UpstreamResponse execute() throws IOException {
            ClassicHttpResponse response = client.executeOpen(null, request, HttpClientContext.create());
            HttpEntity entity = response.getEntity();
            InputStream body = entity == null ? null : entity.getContent();
            return new UpstreamResponse(response.getCode(), entity == null ? null : entity.getContentType(), body);
        }

        @Override
        public void abort() {
            request.cancel();
        }
    }
}
