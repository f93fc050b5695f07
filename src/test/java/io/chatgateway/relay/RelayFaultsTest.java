package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault: the events the client sees, what is stored, what error_logs records. Timeouts are set per agent. */
@GatewayTest
class RelayFaultsTest extends ApiTestBase {

    RelayFixtures fixtures;
    UUID chatId;
    String body;

    @BeforeEach
    void setUp() {
        fixtures = new RelayFixtures(jdbc);
    }

    private List<JsonNode> send(String webhookUrl, String configJson) {
        Account user = accounts.newTeamAdmin();
        chatId = fixtures.chat(user, webhookUrl, configJson);
        body = user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", "Hi")).body();
        return SseEvents.parse(body);
    }

    private List<JsonNode> send(N8nStub.Handler handler, String configJson) throws IOException {
        try (N8nStub n8n = new N8nStub(handler)) {
            return send(n8n.url(), configJson);
        }
    }

    private static JsonNode last(List<JsonNode> events) {
        return events.get(events.size() - 1);
    }

    /** Only the user message was stored, and the failure was logged with the code. */
    private void assertOnlyQuestionStoredAndLogged(String code) {
        List<JsonNode> messages = fixtures.messages(chatId);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
        assertLogged(code);
    }

    private void assertLogged(String code) {
        List<Map<String, Object>> logs = fixtures.errorLogs(chatId);
        assertThat(logs).hasSize(1);
        assertThat(logs.get(0).get("code")).isEqualTo(code);
        assertThat(logs.get(0).get("team_id")).isNotNull();
        assertThat(logs.get(0).get("user_id")).isNotNull();
        assertThat(logs.get(0).get("agent_id")).isNotNull();
    }

    /** The partial answer is stored with status error and the error text. */
    private void assertPartialStored(String content, String code, String errorText) {
        List<JsonNode> messages = fixtures.messages(chatId);
        assertThat(messages).hasSize(2);
        JsonNode answer = messages.get(1);
        assertThat(answer.get("content").asText()).isEqualTo(content);
        assertThat(answer.get("status").asText()).isEqualTo("error");
        assertThat(answer.get("error").asText()).contains(errorText);
        assertLogged(code);
    }

    @Test
    void failedWorkflowShowsN8nsMessage() throws Exception {
        List<JsonNode> events = send((request, response) ->
                response.full(500, "application/json; charset=utf-8", "{\"code\":0,\"message\":\"Error in workflow\"}"), "{}");

        assertThat(SseEvents.summary(events)).containsExactly("status", "error:upstream_status");
        assertThat(last(events).get("data").get("message").asText())
                .isEqualTo("The agent's webhook answered 500: Error in workflow");
        assertOnlyQuestionStoredAndLogged("upstream_status");
    }

    @Test
    void inactiveWebhookAndWrongCredentials() throws Exception {
        List<JsonNode> events = send((request, response) -> response.full(404, "application/json",
                "{\"code\":404,\"message\":\"The requested webhook \\\"POST agent\\\" is not registered.\",\"hint\":\"Activate the workflow\"}"), "{}");
        assertThat(last(events).get("data").get("message").asText())
                .isEqualTo("The agent's webhook answered 404: The requested webhook \"POST agent\" is not registered."
                        + " (hint: Activate the workflow)");

        events = send((request, response) -> response.full(403, "text/plain", "Authorization data is wrong!"), "{}");
        assertThat(SseEvents.summary(events)).containsExactly("status", "error:upstream_status");
        assertThat(last(events).get("data").get("message").asText())
                .isEqualTo("The agent's webhook answered 403: Authorization data is wrong!");
    }

    /** n8n's error of a node: its name, description and hint reach the user; nothing else of the body does. */
    @Test
    void theFailingNodeItsDescriptionAndHintAreShownButNothingElseOfTheBody() throws Exception {
        String body = """
                {"message":"Bad request - please check your parameters","description":"The model `gpt-x` does not exist",
                 "hint":"Pick a model your key can use","node":{"name":"OpenAI Chat Model","parameters":{"apiKey":"sk-in-parameters"}},
                 "context":{"request":{"headers":{"Authorization":"Bearer sk-in-request"}}},"stack":"Error: at Node.execute"}""";
        List<JsonNode> events = send((request, response) -> response.full(500, "application/json", body), "{}");

        String expected = "The agent's webhook answered 500: Bad request - please check your parameters (node \"OpenAI Chat Model\"; "
                + "description: The model `gpt-x` does not exist; hint: Pick a model your key can use)";
        assertThat(last(events).get("data").get("message").asText()).isEqualTo(expected);
        assertOnlyQuestionStoredAndLogged("upstream_status");
        assertThat(fixtures.errorLogs(chatId).get(0).get("detail")).isEqualTo(expected);
    }

    @Test
    void theNodeOfAStreamingErrorLineIsNamed() throws Exception {
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\",\"metadata\":{\"nodeId\":\"1\",\"nodeName\":\"AI Agent\"}}\n");
            response.chunk("{\"type\":\"error\",\"content\":\"Model quota exceeded\",\"metadata\":{\"nodeId\":\"1\",\"nodeName\":\"AI Agent\"}}\n");
            response.end();
        }, "{}");

        assertThat(last(events).get("data").get("message").asText())
                .isEqualTo("The agent's workflow reported an error: Model quota exceeded (node \"AI Agent\")");
    }

    @Test
    void longErrorTextsAreCutShortAndTheWebhookTokenIsNeverShown() throws Exception {
        Account user = accounts.newTeamAdmin();
        String hint = "h".repeat(5_000);
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(401, "application/json",
                "{\"message\":\"Token n8n-secret-token-123 refused " + "m".repeat(5_000) + "\",\"hint\":\"" + hint + "\"}"))) {
            chatId = fixtures.chat(user, fixtures.agent(user, n8n.url(), "n8n-secret-token-123", "{}"));
            List<JsonNode> events = SseEvents.parse(user.client().post("/api/chats/" + chatId + "/messages", Map.of("content", "Hi")).body());

            String message = last(events).get("data").get("message").asText();
            assertThat(message).startsWith("The agent's webhook answered 401: Token *** refused mmm").contains("(hint: hhh")
                    .doesNotContain("n8n-secret-token-123").hasSizeLessThan(700);
            assertThat(fixtures.errorLogs(chatId).get(0).get("detail").toString()).doesNotContain("n8n-secret-token-123");
        }
    }

    @Test
    void emptyAnswerIsAnError() throws Exception {
        List<JsonNode> events = send((request, response) -> response.full(200, "application/json", ""), "{}");
        assertThat(SseEvents.summary(events)).containsExactly("status", "error:empty_answer");
        assertOnlyQuestionStoredAndLogged("empty_answer");

        events = send((request, response) -> response.full(200, "application/json", "{\"output\":\"\"}"), "{}");
        assertThat(SseEvents.summary(events)).containsExactly("status", "error:empty_answer");

        events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"end\"}\n");
            response.end();
        }, "{}");
        assertThat(SseEvents.summary(events)).containsExactly("status", "error:empty_answer");
    }

    @Test
    void n8nErrorLineAfterSomeTextKeepsThePartialAnswer() throws Exception {
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Partial\"}\n");
            response.chunk("{\"type\":\"error\",\"content\":\"Model quota exceeded\"}\n");
            response.end();
        }, "{}");

        assertThat(SseEvents.summary(events)).containsExactly("status", "message:Partial", "error:upstream_error");
        assertThat(last(events).get("data").get("message").asText()).contains("Model quota exceeded");
        assertPartialStored("Partial", "upstream_error", "Model quota exceeded");
    }

    @Test
    void anErrorTextWithNulIsShownSavedAndLoggedWithReplacementCharacters() throws Exception {
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Par\\u0000tial\"}\n");
            response.chunk("{\"type\":\"error\",\"content\":\"Bad\\u0000byte\"}\n");
            response.end();
        }, "{}");

        assertThat(SseEvents.summary(events)).containsExactly("status", "message:Par\uFFFDtial", "error:upstream_error");
        assertThat(last(events).get("data").get("message").asText()).contains("Bad\uFFFDbyte");
        assertPartialStored("Par\uFFFDtial", "upstream_error", "Bad\uFFFDbyte");
        assertThat(fixtures.errorLogs(chatId).get(0).get("detail").toString()).contains("Bad\uFFFDbyte");
    }

    @Test
    void firstByteTimeout() throws Exception {
        List<JsonNode> events = send((request, response) -> Thread.sleep(10_000), "{\"relay\":{\"first_byte_timeout_ms\":500}}");

        assertThat(SseEvents.summary(events)).containsExactly("status", "error:first_byte_timeout");
        assertThat(last(events).get("data").get("message").asText()).contains("0.5 s");
        assertOnlyQuestionStoredAndLogged("first_byte_timeout");
    }

    @Test
    void firstByteTimeoutAlsoWhenN8nOnlySendsBegin() throws Exception {
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n");
            Thread.sleep(10_000);
        }, "{\"relay\":{\"first_byte_timeout_ms\":500,\"idle_timeout_ms\":60000}}");

        assertThat(SseEvents.summary(events)).containsExactly("status", "error:first_byte_timeout");
        assertOnlyQuestionStoredAndLogged("first_byte_timeout");
    }

    @Test
    void idleTimeoutKeepsWhatArrived() throws Exception {
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Thinking\"}\n");
            Thread.sleep(10_000);
        }, "{\"relay\":{\"idle_timeout_ms\":400}}");

        assertThat(SseEvents.summary(events)).containsExactly("status", "message:Thinking", "error:idle_timeout");
        assertPartialStored("Thinking", "idle_timeout", "sent nothing for 0.4 s");
    }

    @Test
    void anIdleTimeoutLongerThanTheFirstByteTimeoutAppliesOnceTextFlows() throws Exception {
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"A\"}\n");
            Thread.sleep(3_000);
            response.chunk("{\"type\":\"item\",\"content\":\"B\"}\n{\"type\":\"end\"}\n");
            response.end();
        }, "{\"relay\":{\"first_byte_timeout_ms\":2000,\"idle_timeout_ms\":10000}}");

        assertThat(SseEvents.summary(events)).containsExactly("status", "message:A", "message:B", "done");
    }

    @Test
    void totalTimeoutEvenWhileN8nKeepsSending() throws Exception {
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "text/plain");
            for (int i = 0; i < 100; i++) {
                response.chunk("x");
                Thread.sleep(100);
            }
            response.end();
        }, "{\"relay\":{\"total_timeout_ms\":800,\"idle_timeout_ms\":5000}}");

        assertThat(SseEvents.summary(events)).contains("message:x").endsWith("error:total_timeout");
        List<JsonNode> messages = fixtures.messages(chatId);
        assertThat(messages.get(1).get("status").asText()).isEqualTo("error");
        assertThat(messages.get(1).get("content").asText()).matches("x+").hasSizeLessThan(100);
        assertLogged("total_timeout");
    }

    @Test
    void connectTimeout() throws Exception {
        // a listening socket whose accept queue is full drops further connection attempts: the connect hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket filler = new java.net.Socket();
                    try {
                        filler.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(filler);
                    } catch (IOException queueFull) {
                        filler.close();
                        break;
                    }
                }
                List<JsonNode> events = send("http://127.0.0.1:" + full.getLocalPort() + "/webhook/agent",
                        "{\"relay\":{\"connect_timeout_ms\":300}}");
                assertThat(SseEvents.summary(events)).containsExactly("status", "error:connect_timeout");
                assertOnlyQuestionStoredAndLogged("connect_timeout");
            } finally {
                for (java.net.Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void unreachableWebhook() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<JsonNode> events = send("http://127.0.0.1:" + closedPort + "/webhook/agent", "{}");
        assertThat(SseEvents.summary(events)).containsExactly("status", "error:upstream_unreachable");
        assertOnlyQuestionStoredAndLogged("upstream_unreachable");
    }

    @Test
    void overLongLineIsAnErrorNotAnOutOfMemoryError() throws Exception {
        String line = "{\"type\":\"item\",\"content\":\"" + "a".repeat(1_100_000);
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Start\"}\n");
            for (int i = 0; i < line.length(); i += 64 * 1024) {
                response.chunk(line.substring(i, Math.min(line.length(), i + 64 * 1024)));
            }
            response.end();
        }, "{}");

        assertThat(SseEvents.summary(events)).containsExactly("status", "message:Start", "error:line_too_long");
        assertPartialStored("Start", "line_too_long", "longer than");
    }

    @Test
    void answerOverTheCapIsCutWithAnError() throws Exception {
        String piece = "b".repeat(100_000);
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n");
            for (int i = 0; i < 12; i++) {
                response.chunk("{\"type\":\"item\",\"content\":\"" + piece + "\"}\n");
            }
            response.chunk("{\"type\":\"end\"}\n");
            response.end();
        }, "{}");

        assertThat(SseEvents.summary(events)).hasSize(12).endsWith("error:answer_too_large");
        assertPartialStored(piece.repeat(10), "answer_too_large", "larger than");
    }

    @Test
    void invalidLineInAStream() throws Exception {
        List<JsonNode> events = send((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"A\"}\nnot json\n");
            response.end();
        }, "{}");
        assertThat(SseEvents.summary(events)).containsExactly("status", "message:A", "error:invalid_answer");
    }
}
