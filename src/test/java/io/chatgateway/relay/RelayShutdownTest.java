package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.ShutdownTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import io.chatgateway.system.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SIGTERM while an answer is still streaming: the stream gets the grace period, then it is cut, its text so far
 * is saved as interrupted and the client is told. Runs on an instance of its own, since it is shut down.
 */
@MultiInstanceTest
@ShutdownTest
class RelayShutdownTest {

    @Test
    void anAnswerStillRunningAfterTheGracePeriodIsSavedAsInterrupted() throws Exception {
        CountDownLatch testDone = new CountDownLatch(1);
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Partial answer\"}\n");
            testDone.await(60, TimeUnit.SECONDS);
        })) {
            ExtraInstance app = ExtraInstance.development("shutdown-test")
                    .with("spring.lifecycle.timeout-per-shutdown-phase", "1s").start();
            int port = app.port();
            Account user = new TestAccounts(port).newTeamAdmin();
            RelayFixtures fixtures = new RelayFixtures(new JdbcTemplate(EmbeddedDatabase.start("").getPostgresDatabase()));
            UUID chatId = fixtures.chat(user, n8n.url());

            HttpRequest send = user.client().request("/api/chats/" + chatId + "/messages")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Go on\"}")).build();
            HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(send, HttpResponse.BodyHandlers.ofLines());
            var lines = stream.body().iterator();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("Partial answer")) {
                seen.append(lines.next()).append('\n');
            }

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(app::close);
            StringBuilder rest = new StringBuilder();
            lines.forEachRemaining(line -> rest.append(line).append('\n'));
            shutdown.get(60, TimeUnit.SECONDS);
            testDone.countDown();

            assertThat(rest.toString()).contains("\"type\":\"error\"").contains("\"code\":\"shutdown\"");
            List<JsonNode> messages = fixtures.messages(chatId);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
            assertThat(messages.get(1).get("content").asText()).isEqualTo("Partial answer");
            assertThat(messages.get(1).get("status").asText()).isEqualTo("interrupted");
        }
    }
}
