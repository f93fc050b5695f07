package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.ApiClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@GatewayTest
class RelayStreamingTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MeterRegistry meters;

    RelayFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new RelayFixtures(jdbc);
    }

    static String ndjson(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Test
    void relaysTheFirstPieceBeforeN8nHasSentTheRest() throws Exception {
        CountDownLatch firstMessageSeen = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json; charset=utf-8");
            response.chunk("{\"type\":\"begin\",\"metadata\":{}}\n{\"type\":\"item\",\"content\":\"Hel\"}\n");
            // withhold the rest until the client has seen the first piece (or give up, and the test fails)
            released.set(!firstMessageSeen.await(20, TimeUnit.SECONDS));
            response.chunk("{\"type\":\"item\",\"content\":\"lo\"}\n{\"type\":\"end\"}\n");
            response.end();
        })) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());

            HttpRequest request = user.client().request("/api/chats/" + chatId + "/messages")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"Hi\"}")).build();
            HttpResponse<InputStream> response = ApiClient.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("no-cache");
            assertThat(response.headers().firstValue("X-Accel-Buffering").orElseThrow()).isEqualTo("no");
            assertThat(response.headers().firstValue("X-Gateway-Overhead-Ms")).isPresent();

            StringBuilder raw = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    raw.append(line).append('\n');
                    if (line.startsWith("data: ") && line.contains("\"type\":\"message\"")) {
                        assertThat(released).as("first piece arrived only after n8n sent everything").isFalse();
                        firstMessageSeen.countDown();
                    }
                }
            }
            assertThat(SseEvents.summary(SseEvents.parse(raw.toString())))
                    .containsExactly("status", "message:Hel", "message:lo", "done");
            assertThat(released).isFalse();
        }
    }

    @Test
    void sendsTheSeedsRequestWithTheTokenAndNoClientHeaders() throws Exception {
        // n8n (or whatever answers at the webhook URL) sets a cookie: the relay must never send it back
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "application/json", "{\"output\":\"Sure.\"}",
                "Set-Cookie: n8n-session=planted; Path=/"))) {
            Account user = accounts.newTeamAdmin();
            UUID agentId = fixtures.agent(user, n8n.url(), "n8n-secret-token", "{\"model\":\"gpt-x\",\"relay\":{\"idle_timeout_ms\":5000}}");
            UUID chatId = fixtures.chat(user, agentId);

            user.client().header("Authorization", "Bearer " + user.client().token()).header("X-Custom", "client-value");
            ApiClient.Response first = user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", "First"));
            assertThat(SseEvents.summary(SseEvents.parse(first.body()))).containsExactly("status", "message:Sure.", "done");
            n8n.takeRequest();
            user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", "Second"));

            N8nStub.Request request = n8n.takeRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/webhook/agent");
            assertThat(request.headers().get("authorization")).isEqualTo("Bearer n8n-secret-token");
            assertThat(request.headers().get("content-type")).startsWith("application/json");
            assertThat(request.headers()).doesNotContainKeys("cookie", "x-custom", "x-forwarded-for", "origin");
            assertThat(request.headers().keySet()).noneMatch(name -> name.startsWith("camel"));

            JsonNode body = JSON.readTree(request.body());
            assertThat(body.get("messages")).hasSize(3);
            assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("user");
            assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("First");
            assertThat(body.get("messages").get(0).has("timestamp")).isTrue();
            assertThat(body.get("messages").get(1).get("role").asText()).isEqualTo("assistant");
            assertThat(body.get("messages").get(1).get("content").asText()).isEqualTo("Sure.");
            assertThat(body.get("messages").get(2).get("content").asText()).isEqualTo("Second");
            assertThat(body.get("messages").get(0).fieldNames()).toIterable().containsExactlyInAnyOrder("role", "content", "timestamp");
            assertThat(body.get("system_prompt").asText()).isEqualTo("Be brief.");
            assertThat(body.get("config")).isEqualTo(JSON.readTree("{\"model\":\"gpt-x\"}"));
            assertThat(body.get("session_id").asText()).isEqualTo(chatId.toString());
            assertThat(body.get("chat_id").asText()).isEqualTo(chatId.toString());
            assertThat(body.get("user_id").asText()).isEqualTo(user.userId().toString());
            assertThat(body.get("team_id").asText()).isEqualTo(user.teamId().toString());
        }
    }

    @Test
    void storesBothMessagesWithIdsTimestampsAndStatus() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "text/plain", "Hello there"))) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());

            user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", "  Hi  "));

            List<JsonNode> messages = fixtures.messages(chatId);
            assertThat(messages).hasSize(2);
            JsonNode question = messages.get(0);
            assertThat(question.get("role").asText()).isEqualTo("user");
            assertThat(question.get("content").asText()).isEqualTo("  Hi  ");
            assertThat(question.has("status")).isFalse();
            JsonNode answer = messages.get(1);
            assertThat(answer.get("role").asText()).isEqualTo("assistant");
            assertThat(answer.get("content").asText()).isEqualTo("Hello there");
            assertThat(answer.get("status").asText()).isEqualTo("complete");
            assertThat(answer.has("error")).isFalse();
            for (JsonNode message : messages) {
                UUID.fromString(message.get("id").asText());
                assertThat(java.time.Instant.parse(message.get("timestamp").asText())).isNotNull();
                assertThat(message.get("timestamp").asText()).endsWith("Z");
            }
        }
    }

    @Test
    void jsonClientsGetTheSavedAssistantMessage() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk(ndjson("{\"type\":\"begin\"}", "{\"type\":\"item\",\"content\":\"One \"}", "{\"type\":\"item\",\"content\":\"two\"}", "{\"type\":\"end\"}"));
            response.end();
        })) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());

            ApiClient.Response response = user.client().header("Accept", "application/json")
                    .post("/api/chats/" + chatId + "/messages", Map.of("content", "Count"));

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
            assertThat(response.json().get("role").asText()).isEqualTo("assistant");
            assertThat(response.json().get("content").asText()).isEqualTo("One two");
            assertThat(response.json().get("status").asText()).isEqualTo("complete");
            assertThat(response.json()).isEqualTo(fixtures.messages(chatId).get(1));
            assertThat(meters.get("chatgateway.relay.first.token").timer().count()).isPositive();
            assertThat(meters.get("chatgateway.relay.events").counter().count()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void jsonClientsGetAnErrorStatusWhenTheAnswerFails() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(500, "application/json", "{\"message\":\"Workflow failed\"}"))) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());

            ApiClient.Response response = user.client().header("Accept", "application/json")
                    .post("/api/chats/" + chatId + "/messages", Map.of("content", "Hi"));

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.json().get("detail").asText()).contains("500").contains("Workflow failed");

            assertThat(meters.get("chatgateway.relay.errors").tag("code", "upstream_status").counter().count()).isPositive();
            assertThat(meters.get("chatgateway.relay.answer.duration").tag("outcome", "error").timer().count()).isPositive();
            assertThat(meters.get("chatgateway.relay.overhead").timer().count()).isPositive();
            assertThat(meters.get("chatgateway.relay.active.streams").gauge()).isNotNull();
        }
    }

    @Test
    void aConnectionThatN8nClosedWhileIdleIsNotReused() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.keptAlive(200, "application/json", "{\"output\":\"Yes\"}"))) {
            Account user = accounts.newTeamAdmin();
            UUID chatId = fixtures.chat(user, n8n.url());

            String first = user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", "One")).body();
            // longer than the pool's validate-after-inactivity: the pooled connection is checked before reuse
            Thread.sleep(1_500);
            String second = user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", "Two")).body();

            assertThat(SseEvents.summary(SseEvents.parse(first))).containsExactly("status", "message:Yes", "done");
            assertThat(SseEvents.summary(SseEvents.parse(second))).containsExactly("status", "message:Yes", "done");
        }
    }

    @Test
    void heartbeatsKeepAQuietStreamOpen() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n");
            Thread.sleep(2_500);
            response.chunk(ndjson("{\"type\":\"item\",\"content\":\"Late\"}", "{\"type\":\"end\"}"));
            response.end();
        })) {
            Account user = accounts.newTeamAdmin();
            // the shortest heartbeat an agent may set
            UUID chatId = fixtures.chat(user, n8n.url(), "{\"relay\":{\"heartbeat_interval_ms\":1000}}");

            String body = user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", "Hi")).body();

            assertThat(body).contains("\n\n: keep-alive\n\n");
            assertThat(SseEvents.summary(SseEvents.parse(body))).containsExactly("status", "message:Late", "done");
        }
    }

    @Test
    void onlyTheOwnerCanSendAndOnlyToAUsableAgent() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "text/plain", "Hi"))) {
            Account admin = accounts.newTeamAdmin();
            Account colleague = accounts.newMember(admin, "user");
            Account stranger = accounts.newTeamAdmin();
            UUID agentId = fixtures.agent(admin, n8n.url(), null, "{}");
            UUID chatId = fixtures.chat(admin, agentId);
            String path = "/api/chats/" + chatId + "/messages";

            assertThat(colleague.client().post(path, Map.of("content", "Hi")).status()).isEqualTo(404);
            assertThat(stranger.client().post(path, Map.of("content", "Hi")).status()).isEqualTo(404);
            assertThat(admin.client().post("/api/chats/not-a-uuid/messages", Map.of("content", "Hi")).status()).isEqualTo(404);
            assertThat(admin.client().post("/api/chats/" + UUID.randomUUID() + "/messages", Map.of("content", "Hi")).status()).isEqualTo(404);
            assertThat(accounts.anonymous().post(path, Map.of("content", "Hi")).status()).isEqualTo(401);

            ApiClient.Response empty = admin.client().post(path, Map.of("content", ""));
            assertThat(empty.status()).isEqualTo(422);
            assertThat(empty.json().get("errors").get(0).get("field").asText()).isEqualTo("content");
            assertThat(admin.client().post(path, Map.of("content", "   ")).status()).isEqualTo(422);
            assertThat(admin.client().post(path, Map.of("content", "x".repeat(32_001))).status()).isEqualTo(422);
            assertThat(admin.client().post(path, Map.of("text", "Hi")).status()).isEqualTo(422);
            assertThat(admin.client().post(path, "{not json").status()).isEqualTo(400);
            assertThat(admin.client().post(path, Map.of("content", "x".repeat(32_000))).status()).isEqualTo(200);

            fixtures.deactivate(agentId);
            ApiClient.Response inactive = admin.client().post(path, Map.of("content", "Hi"));
            assertThat(inactive.status()).isEqualTo(409);
            assertThat(inactive.json().get("detail").asText()).contains("inactive");
            fixtures.delete(agentId);
            ApiClient.Response deleted = admin.client().post(path, Map.of("content", "Hi"));
            assertThat(deleted.status()).isEqualTo(409);
            assertThat(deleted.json().get("detail").asText()).contains("deleted");

            // refused sends store nothing; the one accepted send stored its question and answer
            assertThat(fixtures.messages(chatId)).hasSize(2);
        }
    }
}
