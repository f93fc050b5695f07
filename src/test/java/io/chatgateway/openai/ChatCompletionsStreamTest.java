package io.chatgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.relay.N8nStub;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/** Streamed completions over plain HTTP: the exact chunk sequence, incremental delivery, mid-stream failures. */
@GatewayTest
class ChatCompletionsStreamTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String ndjson(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** The lines of an SSE body, blank lines dropped. */
    static List<String> lines(String body) {
        return body.lines().filter(line -> !line.isEmpty()).toList();
    }

    static JsonNode data(String line) {
        assertThat(line).startsWith("data: ");
        try {
            return JSON.readTree(line.substring("data: ".length()));
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }

    /** Asks the model for a streamed answer to "Hi". */
    private static <T> HttpResponse<T> streamed(ApiClient client, String model, HttpResponse.BodyHandler<T> body)
            throws Exception {
        return ApiClient.http().send(OpenAiFixtures.completion(client, OpenAiFixtures.ask(model, "Hi", true)).build(), body);
    }

    private static N8nStub.Handler pieces(String... pieces) {
        return (request, response) -> {
            response.start(200, "application/json");
            StringBuilder body = new StringBuilder("{\"type\":\"begin\"}\n");
            for (String piece : pieces) {
                body.append("{\"type\":\"item\",\"content\":").append(JSON.writeValueAsString(piece)).append("}\n");
            }
            response.chunk(body.append("{\"type\":\"end\"}\n").toString());
            response.end();
        };
    }

    @Test
    void chunksAreTheRoleThenOnePerPieceThenStopThenDone() throws Exception {
        try (N8nStub n8n = new N8nStub(pieces("Hel", "lo"))) {
            Account admin = accounts.newTeamAdmin();
            JsonNode agent = OpenAiFixtures.agent(admin, "Stream Bot", n8n.url());
            ApiClient client = OpenAiFixtures.client(port, OpenAiFixtures.key(admin));

            HttpResponse<String> response = streamed(client, "stream-bot", HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            List<String> lines = lines(response.body());
            assertThat(lines).hasSize(5).noneMatch(line -> line.startsWith("event:") || line.startsWith("id:"));
            assertThat(lines.get(4)).isEqualTo("data: [DONE]");
            List<JsonNode> chunks = lines.subList(0, 4).stream().map(ChatCompletionsStreamTest::data).toList();
            String id = chunks.get(0).get("id").asText();
            UUID generationId = UUID.fromString(id.substring("chatcmpl-".length()));
            assertThat(response.headers().firstValue("X-Generation-Id")).contains(generationId.toString());
            for (JsonNode chunk : chunks) {
                assertThat(chunk.get("id").asText()).isEqualTo(id);
                assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
                assertThat(chunk.get("model").asText()).isEqualTo("stream-bot");
                assertThat(chunk.get("created").asLong()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
                assertThat(chunk.has("usage")).as("usage only when asked").isFalse();
                assertThat(chunk.get("choices")).hasSize(1);
                assertThat(chunk.get("choices").get(0).get("index").asInt()).isZero();
                assertThat(chunk.get("choices").get(0).has("logprobs")).isTrue();
            }
            assertThat(chunks.get(0).get("choices").get(0).get("delta")).isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"content\":\"\"}"));
            assertThat(chunks.get(1).get("choices").get(0).get("delta")).isEqualTo(JSON.readTree("{\"content\":\"Hel\"}"));
            assertThat(chunks.get(2).get("choices").get(0).get("delta")).isEqualTo(JSON.readTree("{\"content\":\"lo\"}"));
            assertThat(chunks.get(3).get("choices").get(0).get("delta")).isEqualTo(JSON.readTree("{}"));
            for (int i = 0; i < 3; i++) {
                assertThat(chunks.get(i).get("choices").get(0).get("finish_reason").isNull()).isTrue();
            }
            assertThat(chunks.get(3).get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");

            // a generation without a chat: complete, counted, and no chat stored
            Map<String, Object> generation = jdbc.queryForMap(
                    "SELECT chat_id, status, team_id, agent_id FROM generations WHERE id = ?", generationId);
            assertThat(generation.get("chat_id")).isNull();
            assertThat(generation.get("status")).isEqualTo("complete");
            assertThat(generation.get("team_id")).isEqualTo(admin.teamId());
            assertThat(generation.get("agent_id").toString()).isEqualTo(agent.get("id").asText());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM chats WHERE team_id = ?", Long.class, admin.teamId())).isZero();
        }
    }

    @Test
    void withIncludeUsageEveryChunkHasNullUsageAndAUsageChunkPrecedesDone() throws Exception {
        try (N8nStub n8n = new N8nStub(pieces("Four", " chars"))) {
            Account admin = accounts.newTeamAdmin();
            OpenAiFixtures.agent(admin, "Usage Bot", n8n.url(), "12345678", null);
            ApiClient client = OpenAiFixtures.client(port, OpenAiFixtures.key(admin));

            String body = ApiClient.http().send(OpenAiFixtures.completion(client, "{\"model\":\"usage-bot\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"abcd\"}]}").build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            List<String> lines = lines(body);
            assertThat(lines).hasSize(6);
            assertThat(lines.get(5)).isEqualTo("data: [DONE]");
            for (int i = 0; i < 4; i++) {
                JsonNode chunk = data(lines.get(i));
                assertThat(chunk.has("usage")).isTrue();
                assertThat(chunk.get("usage").isNull()).isTrue();
            }
            JsonNode usage = data(lines.get(4));
            assertThat(usage.get("choices")).isEmpty();
            // 8 characters of system prompt + 4 of message = 3 tokens; "Four chars" = 10 characters = 3 tokens
            assertThat(usage.get("usage")).isEqualTo(JSON.readTree("{\"prompt_tokens\":3,\"completion_tokens\":3,\"total_tokens\":6}"));
            assertThat(usage.get("id")).isEqualTo(data(lines.get(0)).get("id"));
        }
    }

    @Test
    void theFirstPieceArrivesBeforeN8nHasSentTheRest() throws Exception {
        CountDownLatch firstPieceSeen = new CountDownLatch(1);
        AtomicBoolean released = new AtomicBoolean();
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Hel\"}\n");
            // withhold the rest until the client has seen the first piece (or give up, and the test fails)
            released.set(!firstPieceSeen.await(20, TimeUnit.SECONDS));
            response.chunk("{\"type\":\"item\",\"content\":\"lo\"}\n{\"type\":\"end\"}\n");
            response.end();
        })) {
            ApiClient client = OpenAiFixtures.setUp(accounts, port, "Slow Bot", n8n.url()).client();

            HttpResponse<InputStream> response = streamed(client, "slow-bot", HttpResponse.BodyHandlers.ofInputStream());
            List<String> contents = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("data: {")) {
                        JsonNode delta = data(line).get("choices").get(0).get("delta");
                        if (delta.hasNonNull("content") && !delta.get("content").asText().isEmpty()) {
                            assertThat(released).as("first piece arrived only after n8n sent everything").isFalse();
                            contents.add(delta.get("content").asText());
                            firstPieceSeen.countDown();
                        }
                    }
                }
            }
            assertThat(contents).containsExactly("Hel", "lo");
            assertThat(released).isFalse();
        }
    }

    @Test
    void aFailureAfterTheStreamBeganIsAnErrorEventWithoutDone() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Part\"}\n");
            response.chunk("{\"type\":\"error\",\"content\":\"The model crashed\"}\n");
            response.end();
        })) {
            ApiClient client = OpenAiFixtures.setUp(accounts, port, "Broken Bot", n8n.url()).client();

            HttpResponse<String> response = streamed(client, "broken-bot", HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            List<String> lines = lines(response.body());
            assertThat(lines).hasSize(3).doesNotContain("data: [DONE]");
            assertThat(data(lines.get(1)).get("choices").get(0).get("delta").get("content").asText()).isEqualTo("Part");
            JsonNode error = data(lines.get(2)).get("error");
            assertThat(error.get("message").asText()).contains("The model crashed");
            assertThat(error.get("type").asText()).isEqualTo("server_error");
            assertThat(error.get("code").asText()).isEqualTo("upstream_error");
            assertThat(error.has("param")).isTrue();
        }
    }

    @Test
    void heartbeatsAreSseComments() throws Exception {
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            response.chunk("{\"type\":\"begin\"}\n");
            Thread.sleep(2_500);
            response.chunk(ndjson("{\"type\":\"item\",\"content\":\"Late\"}", "{\"type\":\"end\"}"));
            response.end();
        })) {
            ApiClient client = OpenAiFixtures.setUp(accounts, port, "Quiet Bot", n8n.url(), null,
                    "{\"relay\":{\"heartbeat_interval_ms\":1000}}").client();

            String body = streamed(client, "quiet-bot", HttpResponse.BodyHandlers.ofString()).body();

            assertThat(body).contains("\n\n: ping\n\n").doesNotContain("keep-alive");
            assertThat(lines(body).stream().filter(line -> !line.startsWith(":")).toList()).hasSize(4);
        }
    }
}
