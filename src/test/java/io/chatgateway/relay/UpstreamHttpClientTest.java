package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatgateway.agent.AgentProperties;
import io.chatgateway.agent.WebhookUrlPolicy;
import io.chatgateway.agent.WebhookUrlPolicy.RefusedHostException;
import io.chatgateway.system.GatewayProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream HTTP client on its own: the webhook URL policy decides at connect time which addresses a host
 * name may reach, and an abort closes the connection in whatever state the call is.
 */
class UpstreamHttpClientTest {

    private static final RelayProperties RELAY = new RelayProperties(null, null, null, null, null, null, null, null, null, null, null);
    private static final StreamSettings SETTINGS = StreamSettings.of(RELAY, null);
    private static final byte[] BODY = "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

    private UpstreamHttpClient client;

    /** A production policy whose DNS says that every host name is this machine (where the stub listens). */
    private UpstreamHttpClient productionClient(String allowedHosts) {
        WebhookUrlPolicy policy = new WebhookUrlPolicy(new GatewayProperties("production", null, null, null, null, null),
                new AgentProperties(allowedHosts, null));
        client = new UpstreamHttpClient(new WebhookAddressResolver(policy,
                host -> new InetAddress[] {InetAddress.getLoopbackAddress()}), RELAY);
        return client;
    }

    private static String url(N8nStub n8n, String host) {
        return n8n.url().replace("127.0.0.1", host);
    }

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.destroy();
        }
    }

    @Test
    void aHostThatResolvesToAnInternalAddressIsRefusedWhenConnecting() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "text/plain", "reached"))) {
            UpstreamCall call = productionClient("").post(url(n8n, "n8n.example.com"), null, BODY, SETTINGS, null);

            assertThatThrownBy(call::execute).isInstanceOf(RefusedHostException.class)
                    .hasMessageContaining("internal address");
            // the same URL with the address allowed reaches the stub: its first request is this one
            client.destroy();
            UpstreamResponse allowed = productionClient("127.0.0.0/8")
                    .post(url(n8n, "n8n.example.com"), null, BODY, SETTINGS, null).execute();
            assertThat(new String(allowed.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("reached");
            assertThat(n8n.takeRequest().headers().get("host")).startsWith("n8n.example.com:");
        }
    }

    @Test
    void anAmbiguousAddressSpellingIsRefusedWhenConnecting() {
        assertThatThrownBy(() -> productionClient("").post("http://0177.0.0.1:9/webhook", null, BODY, SETTINGS, null).execute())
                .isInstanceOf(RefusedHostException.class).hasMessageContaining("ambiguous");
    }

    @Test
    void abortWhileWaitingForTheAnswersHeadEndsTheCall() throws Exception {
        CountDownLatch testDone = new CountDownLatch(1);
        try (N8nStub n8n = new N8nStub((request, response) -> testDone.await(30, TimeUnit.SECONDS))) {
            UpstreamCall call = productionClient("127.0.0.0/8").post(n8n.url(), null, BODY, SETTINGS, null);
            CompletableFuture<UpstreamResponse> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return call.execute();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            n8n.takeRequest();

            call.abort();

            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        } finally {
            testDone.countDown();
        }
    }

    @Test
    void abortWhileReadingTheBodyClosesTheConnectionInsteadOfDrainingIt() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch stubDone = new CountDownLatch(1);
        try (N8nStub n8n = new N8nStub((request, response) -> {
            try {
                response.start(200, "text/plain");
                for (int i = 0; i < 500; i++) {
                    response.chunk("piece ");
                    sent.incrementAndGet();
                    Thread.sleep(10);
                }
                response.end();
            } finally {
                stubDone.countDown();
            }
        })) {
            UpstreamCall call = productionClient("127.0.0.0/8").post(n8n.url(), null, BODY, SETTINGS, null);
            InputStream body = call.execute().body();
            assertThat(body.read()).isEqualTo('p');

            call.abort();

            assertThatThrownBy(() -> body.readAllBytes()).isInstanceOf(IOException.class);
            // the stub's writes fail once the connection is gone, long before all 500 pieces are out
            assertThat(stubDone.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(sent.get()).isLessThan(250);
        }
    }
}
