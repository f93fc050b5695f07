package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.ChatGatewayApplication;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.SuiteSettings;
import io.chatgateway.support.TestAccounts.Account;
import io.chatgateway.system.EmbeddedDatabase;
import org.junit.jupiter.api.Test;

/**
 * A replica killed with SIGKILL in the middle of an answer: within 30 s another replica (the suite's instance) saves
 * what it had streamed up to about a second before, as interrupted, and the chat takes a new message again.
 */
@GatewayTest
@MultiInstanceTest
class GenerationCrashTest extends ApiTestBase {

    @Test
    void theTextOfAKilledReplicasGenerationIsSavedAsInterruptedWithin30Seconds() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        RelayFixtures fixtures = new RelayFixtures(jdbc);
        Process replica = null;
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json; charset=utf-8");
            response.chunk("{\"type\":\"begin\",\"metadata\":{}}\n{\"type\":\"item\",\"content\":\"Before the crash\"}\n");
            never.await(60, TimeUnit.SECONDS);
        })) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());
            int replicaPort = freePort();
            replica = startReplicaProcess(replicaPort);

            HttpRequest send = new ApiClient(replicaPort).withToken(user.client().token())
                    .request("/api/chats/" + chatId + "/messages").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Hi\"}")).build();
            HttpResponse<InputStream> response = ApiClient.http().send(send, HttpResponse.BodyHandlers.ofInputStream());
            LiveEvents events = new LiveEvents(response);
            assertThat(events.until("message").summary()).isEqualTo("message:Before the crash");
            Thread.sleep(2_000); // the replica writes its events about once a second

            replica.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful anything
            assertThat(replica.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long killedAt = System.nanoTime();

            List<JsonNode> messages = fixtures.messages(chatId);
            while (messages.size() < 2 && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(200);
                messages = fixtures.messages(chatId);
            }
            assertThat(messages).as("saved within 30 s of the kill").hasSize(2);
            assertThat(messages.get(1).get("content").asText()).isEqualTo("Before the crash");
            assertThat(messages.get(1).get("status").asText()).isEqualTo("interrupted");
            assertThat(jdbc.queryForObject("SELECT status FROM generations WHERE chat_id = ?", String.class, chatId))
                    .isEqualTo("interrupted");
            assertThat(user.client().get("/api/chats/" + chatId + "/stream").status()).as("nothing runs").isEqualTo(204);
        } finally {
            never.countDown();
            if (replica != null) {
                replica.destroyForcibly();
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The service in a JVM of its own, on the suite's database, ready to serve. */
    private static Process startReplicaProcess(int port) throws Exception {
        Path log = Files.createTempFile("replica", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ChatGatewayApplication.class.getName(),
                "--server.port=" + port,
                "--chatgateway.database.url=postgresql://postgres@localhost:" + EmbeddedDatabase.start("").getPort() + "/postgres",
                "--chatgateway.jwt.secret=" + SuiteSettings.JWT_SECRET,
                "--chatgateway.auth.bcrypt-cost=" + SuiteSettings.BCRYPT_COST,
                "--camel.main.name=killed-replica"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(".")).start();
        ApiClient client = new ApiClient(port);
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) {
                throw new AssertionError("The replica exited: " + Files.readString(log));
            }
            try {
                if (client.get("/actuator/health/readiness").status() == 200) {
                    return process;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("The replica did not become ready: " + Files.readString(log));
    }
}
