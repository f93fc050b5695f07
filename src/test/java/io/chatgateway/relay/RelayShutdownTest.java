package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.ShutdownTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import io.chatgateway.system.EmbeddedDatabase;
import io.chatgateway.system.ShutdownState;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SIGTERM (the context closing) while answers stream: first the drain (readiness DOWN, new sends 503, running
 * streams go on), then the grace period, then the answers still running are cut, saved as interrupted and their
 * clients told. Each test runs an instance of its own, since it is shut down.
 */
@MultiInstanceTest
@ShutdownTest
class RelayShutdownTest {

    @Test
    void anAnswerStillRunningAfterTheGracePeriodIsSavedAsInterruptedAndItsResponseEndsCleanly() throws Exception {
        CountDownLatch testDone = new CountDownLatch(1);
        try (N8nStub n8n = holdingN8n("Partial answer", testDone, null)) {
            // the send's request thread is still busy for a moment after its answer was cut (as on a loaded
            // machine): the web server must not be stopped under it before the end of its response is written
            ConfigurableApplicationContext app = start(Map.of(), SlowRequestEnd.class);
            int port = port(app);
            Account user = new TestAccounts(port).newTeamAdmin();
            RelayFixtures fixtures = fixtures();
            UUID chatId = fixtures.chat(user, n8n.url());
            Iterator<String> lines = send(user, chatId);
            String seen = readUntil(lines, "Partial answer");

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(app::close);
            StringBuilder rest = new StringBuilder();
            // an IOException here is a response cut off before its end
            lines.forEachRemaining(line -> rest.append(line).append('\n'));
            shutdown.get(60, TimeUnit.SECONDS);
            testDone.countDown();

            assertThat(seen + rest).contains("\"type\":\"error\"").contains("\"code\":\"shutdown\"");
            List<JsonNode> messages = fixtures.messages(chatId);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
            assertThat(messages.get(1).get("content").asText()).isEqualTo("Partial answer");
            assertThat(messages.get(1).get("status").asText()).isEqualTo("interrupted");
        }
    }

    @Test
    void duringTheDrainReadinessIsDownNewSendsGet503AndRunningStreamsGoOn() throws Exception {
        CountDownLatch finishAnswer = new CountDownLatch(1);
        try (N8nStub n8n = holdingN8n("First half", finishAnswer, ", second half")) {
            // a drain far longer than the test: it is ended by interrupting the closing thread
            ConfigurableApplicationContext app = start(Map.of("chatgateway.shutdown.drain-delay", "10m",
                    "management.server.port", "0"));
            int port = port(app);
            ApiClient management = new ApiClient(Integer.parseInt(app.getEnvironment().getProperty("local.management.port")));
            ShutdownState shutdownState = app.getBean(ShutdownState.class);
            Account user = new TestAccounts(port).newTeamAdmin();
            RelayFixtures fixtures = fixtures();
            UUID runningChat = fixtures.chat(user, n8n.url());
            UUID otherChat = fixtures.chat(user, n8n.url());
            Iterator<String> running = send(user, runningChat);
            readUntil(running, "First half");

            Thread closer = new Thread(app::close, "closer");
            closer.start();
            while (!shutdownState.isShuttingDown()) {
                Thread.sleep(20);
            }

            ApiClient.Response readiness = management.get("/actuator/health/readiness");
            assertThat(readiness.status()).as(readiness.toString()).isEqualTo(503);
            ApiClient.Response refused = user.client().post("/api/chats/" + otherChat + "/messages", Map.of("content", "Hi"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).contains("2");
            assertThat(refused.json().get("detail").asText()).contains("shutting down");
            assertThat(user.client().get("/api/chats/" + runningChat).status()).isEqualTo(200);

            finishAnswer.countDown();
            StringBuilder rest = new StringBuilder();
            running.forEachRemaining(line -> rest.append(line).append('\n'));
            assertThat(rest.toString()).contains(", second half").contains("\"type\":\"done\"");

            closer.interrupt();
            closer.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(closer.isAlive()).isFalse();
            assertThat(fixtures.messages(otherChat)).isEmpty();
            assertThat(fixtures.messages(runningChat).get(1).get("content").asText()).isEqualTo("First half, second half");
        }
    }

    /** n8n streaming {@code first}, then waiting for {@code go}; then ending the answer with {@code rest}, if given. */
    private static N8nStub holdingN8n(String first, CountDownLatch go, String rest) throws IOException {
        return new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"" + first + "\"}\n");
            if (go.await(60, TimeUnit.SECONDS) && rest != null) {
                response.chunk("{\"type\":\"item\",\"content\":\"" + rest + "\"}\n{\"type\":\"end\"}\n");
                response.end();
            }
        });
    }

    private static Iterator<String> send(Account user, UUID chatId) throws IOException, InterruptedException {
        HttpRequest send = user.client().request("/api/chats/" + chatId + "/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Go on\"}")).build();
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(send, HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        return stream.body().iterator();
    }

    private static String readUntil(Iterator<String> lines, String text) {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(text)) {
            seen.append(lines.next()).append('\n');
        }
        return seen.toString();
    }

    private static RelayFixtures fixtures() {
        return new RelayFixtures(new JdbcTemplate(EmbeddedDatabase.start("").getPostgresDatabase()));
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    private static ConfigurableApplicationContext start(Map<String, String> extra, Class<?>... sources) {
        ExtraInstance.Builder instance = ExtraInstance.development("shutdown-test")
                .with("spring.lifecycle.timeout-per-shutdown-phase", "1s").withSources(sources);
        extra.forEach(instance::with);
        return instance.start().context();
    }

    /**
     * Keeps each send's request thread busy for a while after the route has finished (outermost filter), as a
     * loaded machine may. Not a component: only the instance that names it as a source has it.
     */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class SlowRequestEnd extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            chain.doFilter(request, response);
            if (request.getRequestURI().endsWith("/messages")) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
