package io.chatgateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /api/agents/{id}/test-call against a stub n8n: what n8n answered is shown, nothing is saved in a chat. */
@GatewayTest
class AgentTestCallTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private HttpServer n8n;
    private final BlockingQueue<Map<String, String>> calls = new LinkedBlockingQueue<>();
    private volatile Answer answer;
    private final CountDownLatch released = new CountDownLatch(1);
    private Account admin;

    @BeforeEach
    void startN8n() throws IOException {
        n8n = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        n8n.createContext("/webhook/agent", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                calls.add(Map.of("body", body, "authorization", authorization == null ? "" : authorization));
                answer.answer(exchange);
            } catch (IOException e) {
                // the gateway hung up
            }
        });
        n8n.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        n8n.start();
        admin = accounts.newTeamAdmin();
    }

    @AfterEach
    void stopN8n() {
        released.countDown();
        n8n.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + n8n.getAddress().getPort() + "/webhook/agent";
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String agent(Account owner, String webhookUrl, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Tested " + UUID.randomUUID(), "webhook_url", webhookUrl,
                "system_prompt", "Be brief.", "config", Map.of("model", "small")));
        body.putAll(extra);
        ApiClient.Response created = owner.client().post("/api/agents", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private ApiClient.Response testCall(Account caller, String agentId, Object body) {
        return caller.client().post("/api/agents/" + agentId + "/test-call", body);
    }

    private int chatsOf(Account account) {
        return jdbc.queryForObject("SELECT count(*) FROM chats WHERE team_id = ?", Integer.class, account.teamId());
    }

    @Test
    void anAnswerIsShownAsTheChatWouldShowItAndNothingIsSaved() throws Exception {
        answer = exchange -> reply(exchange, 200, "application/json",
                "{\"type\":\"begin\",\"metadata\":{}}\n{\"type\":\"item\",\"content\":\"Hello \"}\n"
                        + "{\"type\":\"item\",\"content\":\"**there**\"}\n{\"type\":\"end\",\"metadata\":{}}\n");
        String agentId = agent(admin, url(), Map.of("webhook_token", "n8n-secret-token"));

        ApiClient.Response result = testCall(admin, agentId, Map.of("message", "Ping"));

        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        JsonNode outcome = result.json();
        assertThat(outcome.get("status").asInt()).isEqualTo(200);
        assertThat(outcome.get("content_type").asText()).startsWith("application/json");
        assertThat(outcome.get("answer").asText()).isEqualTo("Hello **there**");
        assertThat(outcome.get("body").asText()).startsWith("{\"type\":\"begin\"").contains("\"content\":\"Hello \"");
        assertThat(outcome.get("error").isNull()).isTrue();
        assertThat(outcome.get("error_code").isNull()).isTrue();
        assertThat(outcome.get("duration_ms").asLong()).isBetween(0L, 20_000L);

        // n8n got what a chat's first message sends, with a session of its own
        Map<String, String> call = calls.poll(5, TimeUnit.SECONDS);
        assertThat(call).isNotNull();
        assertThat(call.get("authorization")).isEqualTo("Bearer n8n-secret-token");
        JsonNode sent = JSON.readTree(call.get("body"));
        assertThat(sent.get("messages")).hasSize(1);
        assertThat(sent.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(sent.get("messages").get(0).get("content").asText()).isEqualTo("Ping");
        assertThat(sent.get("system_prompt").asText()).isEqualTo("Be brief.");
        assertThat(sent.get("config").get("model").asText()).isEqualTo("small");
        assertThat(sent.get("agent_id").asText()).isEqualTo(agentId);
        assertThat(sent.get("team_id").asText()).isEqualTo(admin.teamId().toString());
        assertThat(sent.get("session_id").asText()).isEqualTo(sent.get("chat_id").asText());
        // nothing saved: no chat, no generation, no error log of the team
        assertThat(chatsOf(admin)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM chats WHERE id = ?::uuid", Integer.class,
                sent.get("chat_id").asText())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM generations WHERE team_id = ?", Integer.class,
                admin.teamId())).isZero();

        // without a message: a greeting
        assertThat(testCall(admin, agentId, Map.of()).json().get("answer").asText()).isEqualTo("Hello **there**");
        assertThat(JSON.readTree(calls.poll(5, TimeUnit.SECONDS).get("body")).get("messages").get(0).get("content").asText())
                .isEqualTo(AgentTestCallRequest.DEFAULT_MESSAGE);
    }

    @Test
    void n8nsErrorIsShownWithItsStatusItsBodyAndTheChatsSentence() {
        answer = exchange -> reply(exchange, 500, "application/json", "{\"message\":\"Workflow failed\",\"code\":0}");
        String agentId = agent(admin, url(), Map.of());

        JsonNode outcome = testCall(admin, agentId, Map.of("message", "Ping")).json();

        assertThat(outcome.get("status").asInt()).isEqualTo(500);
        assertThat(outcome.get("answer").isNull()).isTrue();
        assertThat(outcome.get("body").asText()).isEqualTo("{\"message\":\"Workflow failed\",\"code\":0}");
        assertThat(outcome.get("error").asText()).isEqualTo("The agent's webhook answered 500: Workflow failed");
        assertThat(outcome.get("error_code").asText()).isEqualTo("upstream_status");
        assertThat(chatsOf(admin)).isZero();
    }

    @Test
    void anEmptyAnswerALargeBodyAndAQuotedTokenAreShownAsTheChatWouldShowThem() {
        String token = "n8n-secret-token-123";
        String agentId = agent(admin, url(), Map.of("webhook_token", token));

        answer = exchange -> reply(exchange, 200, "text/plain", "");
        JsonNode empty = testCall(admin, agentId, Map.of()).json();
        assertThat(empty.get("status").asInt()).isEqualTo(200);
        assertThat(empty.get("answer").isNull()).isTrue();
        assertThat(empty.get("body").asText()).isEmpty();
        assertThat(empty.get("error").asText()).isEqualTo("The agent returned an empty answer");
        assertThat(empty.get("error_code").asText()).isEqualTo("empty_answer");

        String large = "I was called with " + token + ". " + "é".repeat(5000);
        answer = exchange -> reply(exchange, 200, "text/plain; charset=utf-8", large);
        JsonNode quoted = testCall(admin, agentId, Map.of()).json();
        assertThat(quoted.get("answer").asText()).isEqualTo(large.replace(token, "***"));
        // the first 4 KiB of the body, not cut inside a character, and the token not shown
        String body = quoted.get("body").asText();
        assertThat(body).startsWith("I was called with ***. é").doesNotContain(token).doesNotContain("\uFFFD");
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(4096 - 1 - token.length(), 4096);
    }

    @Test
    void anUnreachableOrSilentWebhookEndsInTheChatsErrorWithinTheAgentsTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JsonNode unreachable = testCall(admin, agent(admin, "http://127.0.0.1:" + closedPort + "/webhook/x", Map.of()),
                Map.of()).json();
        assertThat(unreachable.get("status").isNull()).isTrue();
        assertThat(unreachable.get("body").isNull()).isTrue();
        assertThat(unreachable.get("error").asText()).isEqualTo("Could not reach the agent's webhook");
        assertThat(unreachable.get("error_code").asText()).isEqualTo("upstream_unreachable");

        // n8n takes the request and says nothing: the agent's total timeout (1 s) ends the test call
        answer = exchange -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        String silent = agent(admin, url(), Map.of("config", Map.of("relay", Map.of("total_timeout_ms", 1000))));
        long started = System.nanoTime();
        JsonNode cut = testCall(admin, silent, Map.of()).json();
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
        assertThat(cut.get("status").isNull()).isTrue();
        assertThat(cut.get("error").asText()).isEqualTo("The agent did not answer within 1 s");
        assertThat(cut.get("error_code").asText()).isEqualTo("total_timeout");
        assertThat(cut.get("duration_ms").asLong()).isBetween(900L, 10_000L);
    }

    @Test
    void onlyTheTeamsAdminsMayTestItsLiveAgents() {
        answer = exchange -> reply(exchange, 200, "text/plain", "Hi");
        String agentId = agent(admin, url(), Map.of());

        Account member = accounts.newMember(admin, "user");
        assertThat(testCall(member, agentId, Map.of()).status()).isEqualTo(403);
        Account stranger = accounts.newTeamAdmin();
        ApiClient.Response foreign = testCall(stranger, agentId, Map.of());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail").asText()).isEqualTo("Agent not found");
        assertThat(testCall(admin, "not-a-uuid", Map.of()).status()).isEqualTo(404);
        assertThat(testCall(admin, UUID.randomUUID().toString(), Map.of()).status()).isEqualTo(404);
        assertThat(calls).isEmpty();

        ApiClient.Response blank = testCall(admin, agentId, Map.of("message", "  "));
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.json().get("errors").get(0).get("field").asText()).isEqualTo("message");
        assertThat(testCall(admin, agentId, Map.of("message", "x".repeat(4001))).status()).isEqualTo(422);
        assertThat(calls).isEmpty();

        // an inactive agent can be tried before it is switched on; a deleted one is gone
        assertThat(admin.client().put("/api/agents/" + agentId, Map.of("is_active", false)).status()).isEqualTo(200);
        assertThat(testCall(admin, agentId, Map.of()).json().get("answer").asText()).isEqualTo("Hi");
        assertThat(admin.client().delete("/api/agents/" + agentId).status()).isEqualTo(204);
        assertThat(testCall(admin, agentId, Map.of()).status()).isEqualTo(404);
    }
}
