package io.chatgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.relay.N8nStub;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/** Completions without streaming, the body n8n gets, the OpenAI errors, and a cancelled stream. */
@GatewayTest
class ChatCompletionsTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ApiClient.Response post(ApiClient client, String body) {
        return client.raw("POST", "/v1/chat/completions", "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(ApiClient.Response response, int status, String type, String param, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode error = response.json().get("error");
        assertThat(response.json().fieldNames()).toIterable().containsExactly("error");
        assertThat(error.fieldNames()).toIterable().containsExactly("message", "type", "param", "code");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(param == null ? error.get("param").isNull() : error.get("param").asText().equals(param))
                .as("param of " + response).isTrue();
        assertThat(code == null ? error.get("code").isNull() : error.get("code").asText().equals(code))
                .as("code of " + response).isTrue();
    }

    @Test
    void withoutStreamingTheAnswerIsOneCompletionWithUsage() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "application/json", "{\"output\":\"Hello there\"}"))) {
            ApiClient client = OpenAiFixtures.setUp(accounts, port, "Plain Bot", n8n.url()).client();

            ApiClient.Response response = post(client, "{\"model\":\"plain-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi!\"}]}");

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode completion = response.json();
            assertThat(completion.get("id").asText()).startsWith("chatcmpl-");
            UUID generationId = UUID.fromString(completion.get("id").asText().substring("chatcmpl-".length()));
            assertThat(response.header("X-Generation-Id")).contains(generationId.toString());
            assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
            assertThat(completion.get("model").asText()).isEqualTo("plain-bot");
            assertThat(completion.get("created").asLong()).isPositive();
            assertThat(completion.get("choices")).hasSize(1);
            JsonNode choice = completion.get("choices").get(0);
            assertThat(choice.get("index").asInt()).isZero();
            assertThat(choice.get("message")).isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"content\":\"Hello there\",\"refusal\":null}"));
            assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
            assertThat(choice.get("logprobs").isNull()).isTrue();
            // "Hi!" = 3 characters = 1 token; "Hello there" = 11 characters = 3 tokens
            assertThat(completion.get("usage")).isEqualTo(JSON.readTree("{\"prompt_tokens\":1,\"completion_tokens\":3,\"total_tokens\":4}"));
            assertThat(jdbc.queryForObject("SELECT status FROM generations WHERE id = ? AND chat_id IS NULL", String.class, generationId))
                    .isEqualTo("complete");
        }
    }

    @Test
    void aClientMayAskForFewerTokensThanTheAgentAllowsNeverMore() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "application/json", "{\"output\":\"Ok\"}"))) {
            Account admin = accounts.newTeamAdmin();
            OpenAiFixtures.agent(admin, "Capped Bot", n8n.url(), "Be brief.", "{\"max_tokens\":100}");
            ApiClient client = OpenAiFixtures.client(port, OpenAiFixtures.key(admin));
            String hi = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

            assertThat(post(client, "{\"model\":\"capped-bot\",\"max_tokens\":5000," + hi + "}").status()).isEqualTo(200);
            assertThat(JSON.readTree(n8n.takeRequest().body()).get("config").get("max_tokens").asLong()).isEqualTo(100);
            assertThat(post(client, "{\"model\":\"capped-bot\",\"max_tokens\":20," + hi + "}").status()).isEqualTo(200);
            assertThat(JSON.readTree(n8n.takeRequest().body()).get("config").get("max_tokens").asLong()).isEqualTo(20);
        }
    }

    @Test
    void n8nGetsTheBodyOfAChatSendWithTheConversationAndTheSourceOpenai() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "application/json", "{\"output\":\"Ok\"}"))) {
            Account admin = accounts.newTeamAdmin();
            JsonNode agent = OpenAiFixtures.agent(admin, "Memory Bot", n8n.url(), "Be brief.",
                    "{\"model\":\"gpt-x\",\"temperature\":0.2,\"relay\":{\"idle_timeout_ms\":5000}}");
            ApiClient client = OpenAiFixtures.client(port, OpenAiFixtures.key(admin));

            ApiClient.Response response = post(client, """
                    {"model":"memory-bot","user":"alice-session","temperature":0.7,"max_tokens":50,"top_p":0.9,
                     "metadata":{"ignored":"yes"},"presence_penalty":0,
                     "messages":[{"role":"system","content":"Answer in French."},
                                 {"role":"user","content":"My name is Alice."},
                                 {"role":"assistant","content":"Bonjour Alice."},
                                 {"role":"developer","content":"Be polite."},
                                 {"role":"user","content":[{"type":"text","text":"What is"},{"type":"text","text":"my name?"}]}]}""");
            assertThat(response.status()).as(response.toString()).isEqualTo(200);

            N8nStub.Request request = n8n.takeRequest();
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.fieldNames()).toIterable().containsExactly("messages", "system_prompt", "config", "session_id",
                    "chat_id", "user_id", "team_id", "agent_id", "source");
            JsonNode messages = body.get("messages");
            assertThat(messages).hasSize(3);
            assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
            assertThat(messages.get(0).get("content").asText()).isEqualTo("My name is Alice.");
            assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
            assertThat(messages.get(1).get("content").asText()).isEqualTo("Bonjour Alice.");
            assertThat(messages.get(2).get("content").asText()).isEqualTo("What is\nmy name?");
            for (JsonNode message : messages) {
                assertThat(message.fieldNames()).toIterable().containsExactly("role", "content", "timestamp");
                assertThat(java.time.Instant.parse(message.get("timestamp").asText())).isNotNull();
            }
            assertThat(body.get("system_prompt").asText()).isEqualTo("Be brief.\n\nAnswer in French.\n\nBe polite.");
            assertThat(body.get("config")).isEqualTo(JSON.readTree(
                    "{\"model\":\"gpt-x\",\"temperature\":0.7,\"max_tokens\":50,\"top_p\":0.9}"));
            assertThat(body.get("session_id").asText()).isEqualTo("openai:" + admin.teamId() + ":alice-session");
            assertThat(body.get("chat_id").isNull()).isTrue();
            assertThat(body.get("user_id").asText()).isEqualTo(admin.userId().toString());
            assertThat(body.get("team_id").asText()).isEqualTo(admin.teamId().toString());
            assertThat(body.get("agent_id").asText()).isEqualTo(agent.get("id").asText());
            assertThat(body.get("source").asText()).isEqualTo("openai");
            assertThat(request.headers()).doesNotContainKeys("x-session-id");
            assertThat(request.headers().get("authorization")).isNull();

            // the header names the session; without either, every call is a new session
            client.header("X-Session-Id", "conversation-42");
            post(client, "{\"model\":\"memory-bot\",\"user\":\"alice\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            JsonNode withHeader = JSON.readTree(n8n.takeRequest().body());
            assertThat(withHeader.get("session_id").asText()).isEqualTo("openai:" + admin.teamId() + ":conversation-42");
            assertThat(withHeader.get("config")).isEqualTo(JSON.readTree("{\"model\":\"gpt-x\",\"temperature\":0.2}"));
            assertThat(withHeader.get("system_prompt").asText()).isEqualTo("Be brief.");

            ApiClient anonymousSession = OpenAiFixtures.client(port, OpenAiFixtures.key(admin));
            post(anonymousSession, "{\"model\":\"memory-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            post(anonymousSession, "{\"model\":\"memory-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            String first = JSON.readTree(n8n.takeRequest().body()).get("session_id").asText();
            String second = JSON.readTree(n8n.takeRequest().body()).get("session_id").asText();
            String prefix = "openai:" + admin.teamId() + ":";
            assertThat(first).startsWith(prefix);
            assertThat(UUID.fromString(first.substring(prefix.length())))
                    .isNotEqualTo(UUID.fromString(second.substring(prefix.length())));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM chats WHERE team_id = ?", Long.class, admin.teamId())).isZero();
        }
    }

    @Test
    void badRequestsAre400NamingTheField() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "text/plain", "Hi"))) {
            ApiClient client = OpenAiFixtures.setUp(accounts, port, "Strict Bot", n8n.url()).client();
            String hi = "[{\"role\":\"user\",\"content\":\"Hi\"}]";

            assertError(post(client, "{not json"), 400, "invalid_request_error", null, null);
            assertError(post(client, "[1,2]"), 400, "invalid_request_error", null, null);
            assertError(post(client, "{\"messages\":" + hi + "}"), 400, "invalid_request_error", "model", null);
            assertError(post(client, "{\"model\":\"strict-bot\"}"), 400, "invalid_request_error", "messages", null);
            assertError(post(client, "{\"model\":\"strict-bot\",\"messages\":[]}"), 400, "invalid_request_error", "messages", null);
            assertError(post(client, "{\"model\":\"strict-bot\",\"messages\":[{\"role\":\"system\",\"content\":\"Only rules\"}]}"),
                    400, "invalid_request_error", "messages", null);
            assertError(post(client, "{\"model\":\"strict-bot\",\"n\":2,\"messages\":" + hi + "}"),
                    400, "invalid_request_error", "n", "unsupported_value");
            assertError(post(client, "{\"model\":\"strict-bot\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"messages\":" + hi + "}"),
                    400, "invalid_request_error", "tools", "unsupported_value");
            assertError(post(client, "{\"model\":\"strict-bot\",\"functions\":[{\"name\":\"f\"}],\"messages\":" + hi + "}"),
                    400, "invalid_request_error", "functions", "unsupported_value");
            assertError(post(client, "{\"model\":\"strict-bot\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x\"}}]}]}"),
                    400, "invalid_request_error", "messages[0].content[0].type", "unsupported_value");
            assertError(post(client, "{\"model\":\"strict-bot\",\"messages\":[{\"role\":\"tool\",\"content\":\"42\",\"tool_call_id\":\"c\"}]}"),
                    400, "invalid_request_error", "messages[0].role", "unsupported_value");
            assertError(post(client, "{\"model\":\"strict-bot\",\"messages\":[{\"role\":\"user\"}]}"),
                    400, "invalid_request_error", "messages[0].content", null);
            assertError(post(client, "{\"model\":\"strict-bot\",\"temperature\":3,\"messages\":" + hi + "}"),
                    400, "invalid_request_error", "temperature", null);
            assertError(post(client, "{\"model\":\"strict-bot\",\"max_tokens\":0,\"messages\":" + hi + "}"),
                    400, "invalid_request_error", "max_tokens", null);
            assertError(post(client, "{\"model\":\"strict-bot\",\"stream\":\"yes\",\"messages\":" + hi + "}"),
                    400, "invalid_request_error", "stream", null);
            assertError(post(client, "{\"model\":\"no-such-bot\",\"messages\":" + hi + "}"),
                    404, "invalid_request_error", "model", "model_not_found");
            // n=1 and empty tools are what some clients always send
            assertThat(post(client, "{\"model\":\"strict-bot\",\"n\":1,\"tools\":[],\"messages\":" + hi + "}").status()).isEqualTo(200);
        }
    }

    @Test
    void malformedBodiesAre4xxOpenAiErrorsNever5xx() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "text/plain", "Hi"))) {
            ApiClient client = OpenAiFixtures.setUp(accounts, port, "Sturdy Bot", n8n.url()).client();
            String user = "[{\"role\":\"user\",\"content\":\"Hi\"}]";
            java.util.List<String> bodies = new java.util.ArrayList<>(java.util.List.of("null", "\"text\"", "42", "{}", "  ",
                    "{\"model\":1,\"messages\":" + user + "}",
                    "{\"model\":\"\",\"messages\":" + user + "}",
                    "{\"model\":\"sturdy-bot\",\"messages\":\"Hi\"}",
                    "{\"model\":\"sturdy-bot\",\"messages\":[null]}",
                    "{\"model\":\"sturdy-bot\",\"messages\":[{\"role\":1,\"content\":\"x\"}]}",
                    "{\"model\":\"sturdy-bot\",\"messages\":[{\"role\":\"user\",\"content\":[1]}]}",
                    "{\"model\":\"sturdy-bot\",\"messages\":[{\"role\":\"user\",\"content\":{\"a\":1}}]}",
                    "{\"model\":\"sturdy-bot\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":5}]}]}",
                    "{\"model\":\"sturdy-bot\",\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{}]}]}",
                    "{\"model\":\"sturdy-bot\",\"stream_options\":5,\"messages\":" + user + "}",
                    "{\"model\":\"sturdy-bot\",\"stream_options\":{\"include_usage\":\"yes\"},\"messages\":" + user + "}",
                    "{\"model\":\"sturdy-bot\",\"max_tokens\":1e40,\"messages\":" + user + "}",
                    "{\"model\":\"sturdy-bot\",\"max_tokens\":99999999999,\"messages\":" + user + "}",
                    "{\"model\":\"sturdy-bot\",\"top_p\":\"0.5\",\"messages\":" + user + "}",
                    "{\"model\":\"sturdy-bot\",\"user\":42,\"messages\":" + user + "}",
                    "{\"model\":\"sturdy-bot\",\"user\":\"" + "u".repeat(300) + "\",\"messages\":" + user + "}",
                    "{\"model\":\"sturdy-bot\",\"n\":\"1\",\"messages\":" + user + "}",
                    "{\"model\":\"sturdy-bot\",\"messages\":" + user + ",}",
                    "[".repeat(5_000) + "]".repeat(5_000)));
            for (String body : bodies) {
                ApiClient.Response response = post(client, body);
                assertThat(response.status()).as(body.substring(0, Math.min(body.length(), 120)) + " -> " + response).isBetween(400, 499);
                assertThat(response.json().get("error").get("type").asText()).isEqualTo("invalid_request_error");
            }
            ApiClient.Response notUtf8 = client.raw("POST", "/v1/chat/completions", "application/json",
                    new byte[] {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            assertThat(notUtf8.status()).as(notUtf8.toString()).isEqualTo(400);
            ApiClient.Response huge = post(client, "{\"model\":\"sturdy-bot\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    + "x".repeat(3_000_000) + "\"}]}");
            assertError(huge, 413, "invalid_request_error", null, "request_too_large");
        }
    }

    @Test
    void keysAreCheckedAndLimitedToTheirAgents() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> response.full(200, "text/plain", "Hi"))) {
            Account admin = accounts.newTeamAdmin();
            JsonNode allowed = OpenAiFixtures.agent(admin, "Allowed Bot", n8n.url());
            OpenAiFixtures.agent(admin, "Other Bot", n8n.url());
            String limitedKey = OpenAiFixtures.key(admin, UUID.fromString(allowed.get("id").asText()));
            ApiClient limited = OpenAiFixtures.client(port, limitedKey);
            String hi = ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

            assertThat(post(limited, "{\"model\":\"allowed-bot\"" + hi).status()).isEqualTo(200);
            assertError(post(limited, "{\"model\":\"other-bot\"" + hi), 404, "invalid_request_error", "model", "model_not_found");

            // another team's agent of the same name is not this team's model
            Account stranger = accounts.newTeamAdmin();
            OpenAiFixtures.agent(stranger, "Stranger Bot", n8n.url());
            assertError(post(limited, "{\"model\":\"stranger-bot\"" + hi), 404, "invalid_request_error", "model", "model_not_found");

            assertError(post(OpenAiFixtures.client(port, "cgw_aaaaaaaaaaaa_" + "A".repeat(32)), "{\"model\":\"allowed-bot\"" + hi),
                    401, "invalid_request_error", null, "invalid_api_key");
            assertError(post(new ApiClient(port), "{\"model\":\"allowed-bot\"" + hi), 401, "invalid_request_error", null, "invalid_api_key");
            // a session is no key
            assertError(post(new ApiClient(port).header("Authorization", "Bearer " + admin.client().token()), "{\"model\":\"allowed-bot\"" + hi),
                    401, "invalid_request_error", null, "invalid_api_key");

            assertThat(admin.client().delete("/api/team/api-keys/" + OpenAiFixtures.keyId(admin, limitedKey)).status()).isEqualTo(204);
            assertError(post(limited, "{\"model\":\"allowed-bot\"" + hi), 401, "invalid_request_error", null, "invalid_api_key");
        }
    }

    @Test
    void n8nFailuresAre502Or504AndMustNotBeRetried() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> {
            if (request.body().contains("slow")) {
                Thread.sleep(3_000);
            }
            response.full(500, "application/json", "{\"message\":\"Workflow failed\"}");
        })) {
            Account admin = accounts.newTeamAdmin();
            OpenAiFixtures.agent(admin, "Failing Bot", n8n.url(), null, "{\"relay\":{\"first_byte_timeout_ms\":1000}}");
            ApiClient client = OpenAiFixtures.client(port, OpenAiFixtures.key(admin));

            ApiClient.Response failed = post(client, "{\"model\":\"failing-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertError(failed, 502, "server_error", null, "upstream_status");
            assertThat(failed.json().get("error").get("message").asText()).contains("500").contains("Workflow failed");
            assertThat(failed.header("x-should-retry")).contains("false");

            ApiClient.Response late = post(client, "{\"model\":\"failing-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"slow\"}]}");
            assertError(late, 504, "server_error", null, "first_byte_timeout");
            assertThat(late.header("x-should-retry")).contains("false");
        }
    }

    @Test
    void anAnswerCutByTheSizeLimitEndsWithFinishReasonLength() throws Exception {
        String big = "x".repeat(600_000);
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n");
            for (int i = 0; i < 2; i++) {
                response.chunk("{\"type\":\"item\",\"content\":\"" + big + "\"}\n");
            }
            response.chunk("{\"type\":\"end\"}\n");
            response.end();
        })) {
            ApiClient client = OpenAiFixtures.setUp(accounts, port, "Verbose Bot", n8n.url()).client();

            ApiClient.Response response = post(client, "{\"model\":\"verbose-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"Talk\"}]}");

            assertThat(response.status()).as(response.body().substring(0, Math.min(300, response.body().length()))).isEqualTo(200);
            JsonNode choice = response.json().get("choices").get(0);
            assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
            assertThat(choice.get("message").get("content").asText()).isEqualTo(big);
        }
    }

    @Test
    void cancellingTheStreamStopsTheGeneration() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        CountDownLatch upstreamClosed = new CountDownLatch(1);
        try (N8nStub n8n = new N8nStub((request, response) -> {
            try {
                response.start(200, "application/json");
                response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Once\"}\n");
                clientGone.await(20, TimeUnit.SECONDS);
                for (int i = 0; i < 2_000; i++) {
                    response.chunk("{\"type\":\"item\",\"content\":\".\"}\n");
                    Thread.sleep(20);
                }
                response.chunk("{\"type\":\"end\"}\n");
                response.end();
            } finally {
                upstreamClosed.countDown();
            }
        })) {
            OpenAiFixtures.Setup setup = OpenAiFixtures.setUp(accounts, port, "Story Bot", n8n.url());
            HttpResponse<InputStream> response = ApiClient.http().send(OpenAiFixtures.completion(setup.client(),
                    OpenAiFixtures.ask("story-bot", "A long story", true)).build(), HttpResponse.BodyHandlers.ofInputStream());
            UUID generationId = UUID.fromString(response.headers().firstValue("X-Generation-Id").orElseThrow());
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); !line.contains("\"content\":\"Once\""); line = reader.readLine()) {
                assertThat(line).as("the first piece").doesNotContain("[DONE]");
            }
            // the client cancels: its connection closes
            reader.close();
            clientGone.countDown();

            // the generation is stopped (n8n cut at once), not run to its end
            assertThat(upstreamClosed.await(10, TimeUnit.SECONDS)).as("n8n's answer was cut").isTrue();
            assertThat(OpenAiFixtures.awaitStatus(jdbc, generationId, "stopped")).isEqualTo("stopped");
            Account admin = setup.admin();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM chats WHERE team_id = ?", Long.class, admin.teamId())).isZero();
        }
    }

    @Test
    void errorsOfTheApiAreOpenAiErrorsToo() {
        Account admin = accounts.newTeamAdmin();
        ApiClient client = OpenAiFixtures.client(port, OpenAiFixtures.key(admin));
        assertError(client.get("/v1/models/none"), 404, "invalid_request_error", "model", "model_not_found");
        // what no verb serves is answered by Spring, in OpenAI's shape under /v1 too
        assertError(client.get("/v1/embeddings"), 404, "invalid_request_error", null, null);
        assertError(client.raw("POST", "/v1/models", "application/json", "{}".getBytes(StandardCharsets.UTF_8)),
                405, "invalid_request_error", null, null);
    }
}
