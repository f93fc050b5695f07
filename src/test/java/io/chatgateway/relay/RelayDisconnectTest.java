package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generation outlives the client connection, and parallel sends into one chat lose nothing. */
@GatewayTest
class RelayDisconnectTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PIECES = 200;

    RelayFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new RelayFixtures(jdbc);
    }

    /** Sends a message over a raw socket, reads until the first message event, then drops the connection. */
    private void sendAndHangUpAfterFirstPiece(Account user, UUID chatId) throws IOException {
        byte[] body = "{\"content\":\"Tell me a long story\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/chats/" + chatId + "/messages HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nCookie: access_token=" + user.client().token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[4096];
            while (!seen.toString().contains("\"type\":\"message\"")) {
                int read = in.read(buffer);
                assertThat(read).as("stream ended before the first message: " + seen).isPositive();
                seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
        }
    }

    /** n8n sends "Once" then, after the client has gone, PIECES more pieces 20 ms apart; counts what it could send. */
    private static N8nStub.Handler story(CountDownLatch clientGone, AtomicInteger sent, CountDownLatch stubDone) {
        return (request, response) -> {
            try {
                response.start(200, "application/json");
                response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Once\"}\n");
                clientGone.await(20, TimeUnit.SECONDS);
                for (int i = 0; i < PIECES; i++) {
                    response.chunk("{\"type\":\"item\",\"content\":\".\"}\n");
                    sent.incrementAndGet();
                    Thread.sleep(20);
                }
                response.chunk("{\"type\":\"end\"}\n");
                response.end();
            } finally {
                stubDone.countDown();
            }
        };
    }

    @Test
    void byDefaultTheWholeAnswerIsSavedAfterTheClientLeft() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        CountDownLatch stubDone = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        try (N8nStub n8n = new N8nStub(story(clientGone, sent, stubDone))) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());

            sendAndHangUpAfterFirstPiece(user, chatId);
            clientGone.countDown();

            List<JsonNode> messages = fixtures.awaitMessages(chatId, 2);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).get("status").asText()).isEqualTo("complete");
            assertThat(messages.get(1).get("content").asText()).isEqualTo("Once" + ".".repeat(PIECES));
            assertThat(sent.get()).isEqualTo(PIECES);
            assertThat(fixtures.errorLogs(chatId)).isEmpty();
        }
    }

    @Test
    void withAbortTheUpstreamIsStoppedAndThePartialAnswerSavedAsInterrupted() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        CountDownLatch stubDone = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        try (N8nStub n8n = new N8nStub(story(clientGone, sent, stubDone))) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url(), "{\"relay\":{\"on_disconnect\":\"abort\"}}");

            sendAndHangUpAfterFirstPiece(user, chatId);
            clientGone.countDown();

            // the stub's writes fail once the gateway has closed the connection: well before all pieces are out
            assertThat(stubDone.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(sent.get()).isLessThan(PIECES / 2);
            List<JsonNode> messages = fixtures.awaitMessages(chatId, 2);
            assertThat(messages).hasSize(2);
            JsonNode answer = messages.get(1);
            assertThat(answer.get("status").asText()).isEqualTo("interrupted");
            assertThat(answer.get("error").asText()).isEqualTo("The client disconnected");
            assertThat(answer.get("content").asText()).startsWith("Once").hasSizeLessThan(4 + PIECES / 2);
        }
    }

    @Test
    void ofTwentyConcurrentSendsIntoOneChatOneIsAnsweredAndTheOthersAre409NamingIt() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> {
            JsonNode history = JSON.readTree(request.body()).get("messages");
            String question = history.get(history.size() - 1).get("content").asText();
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Echo: \"}\n");
            Thread.sleep(200);
            response.chunk("{\"type\":\"item\",\"content\":" + JSON.writeValueAsString(question) + "}\n{\"type\":\"end\"}\n");
            response.end();
        })) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());
            ExecutorService senders = Executors.newFixedThreadPool(20);
            List<ApiClient.Response> answered = new ArrayList<>();
            Set<String> conflictsNamed = new HashSet<>();
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ApiClient.Response>> responses = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String content = "Message " + i;
                    responses.add(senders.submit(() -> {
                        start.await();
                        return user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", content));
                    }));
                }
                start.countDown();
                for (Future<ApiClient.Response> future : responses) {
                    ApiClient.Response response = future.get(60, TimeUnit.SECONDS);
                    if (response.status() == 409) {
                        conflictsNamed.add(response.json().get("generation_id").asText());
                    } else {
                        assertThat(response.status()).isEqualTo(200);
                        assertThat(SseEvents.summary(SseEvents.parse(response.body()))).startsWith("status").endsWith("done");
                        answered.add(response);
                    }
                }
            } finally {
                senders.shutdownNow();
            }
            assertThat(answered).as("answered sends").hasSize(1);
            assertThat(conflictsNamed).as("every 409 names the running generation")
                    .containsExactly(answered.get(0).header("X-Generation-Id").orElseThrow());

            // nothing half-saved: the one question and its answer
            List<JsonNode> messages = fixtures.messages(chatId);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(1).get("content").asText()).isEqualTo("Echo: " + messages.get(0).get("content").asText());
            assertThat(messages.get(1).get("status").asText()).isEqualTo("complete");
        }
    }
}
