package io.chatgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.relay.N8nStub;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/**
 * The gateway as the official {@code openai} npm package sees it (src/test/node/openai-sdk.mjs, Node 20+): models,
 * a completion, a stream with usage, a conversation of several turns (checked in the body n8n received), the errors
 * the SDK raises (unknown model, bad request, bad and revoked key) and a stream the client cancels (the generation
 * is stopped). The SDK is installed from src/test/node/package-lock.json when node_modules is missing (npm ci);
 * without Node the test is skipped, except in CI, where it fails.
 */
@GatewayTest
class OpenAiSdkTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_DIR = Path.of("src", "test", "node");

    private static String ndjson(String... pieces) throws IOException {
        StringBuilder body = new StringBuilder("{\"type\":\"begin\"}\n");
        for (String piece : pieces) {
            body.append("{\"type\":\"item\",\"content\":").append(JSON.writeValueAsString(piece)).append("}\n");
        }
        return body.append("{\"type\":\"end\"}\n").toString();
    }

    @Test
    void theOfficialSdkStreamsCompletesConverseAndSeesOpenAiErrors() throws Exception {
        assumeTrue(nodeAvailable() || System.getenv("CI") != null, "Node is not installed");
        installSdk();
        CountDownLatch upstreamCut = new CountDownLatch(1);
        try (N8nStub n8n = new N8nStub((request, response) -> {
            response.start(200, "application/json");
            if (request.body().contains("Tell me a long story")) {
                try {
                    response.chunk("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Once\"}\n");
                    for (int i = 0; i < 3_000; i++) {
                        Thread.sleep(20);
                        response.chunk("{\"type\":\"item\",\"content\":\".\"}\n");
                    }
                } catch (IOException cut) {
                    upstreamCut.countDown();
                    throw cut;
                }
            } else if (request.body().contains("What is my name?")) {
                response.chunk(ndjson("Your name ", "is Ada."));
            } else if (request.body().contains("My name is Ada.")) {
                response.chunk(ndjson("Hello Ada."));
            } else {
                response.chunk(ndjson("Hello", " from", " n8n"));
            }
            response.end();
        })) {
            Account admin = accounts.newTeamAdmin();
            JsonNode agent = OpenAiFixtures.agent(admin, "SDK Agent", n8n.url(), "Agent rules.", null);
            String model = agent.get("slug").asText();
            String key = OpenAiFixtures.key(admin);
            String revoked = OpenAiFixtures.key(admin);
            assertThat(admin.client().delete("/api/team/api-keys/" + OpenAiFixtures.keyId(admin, revoked)).status()).isEqualTo(204);

            JsonNode result = runScript(key, revoked, model);

            JsonNode models = result.get("models").get("ok");
            assertThat(models).hasSize(1);
            assertThat(models.get(0).get("id").asText()).isEqualTo("sdk-agent");
            assertThat(models.get(0).get("object").asText()).isEqualTo("model");
            assertThat(models.get(0).get("owned_by").asText()).isEqualTo(admin.client().get("/api/team").json().get("slug").asText());
            assertThat(result.get("model").get("ok").get("id").asText()).isEqualTo("sdk-agent");

            JsonNode completion = result.get("completion").get("ok");
            assertThat(completion.get("id").asText()).startsWith("chatcmpl-");
            assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
            assertThat(completion.get("content").asText()).isEqualTo("Hello from n8n");
            assertThat(completion.get("role").asText()).isEqualTo("assistant");
            assertThat(completion.get("finish_reason").asText()).isEqualTo("stop");
            assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(4);
            assertThat(completion.get("usage").get("total_tokens").asInt())
                    .isEqualTo(completion.get("usage").get("prompt_tokens").asInt() + 4);

            JsonNode stream = result.get("stream").get("ok");
            assertThat(stream.get("ids")).hasSize(1);
            assertThat(stream.get("first_delta")).isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"content\":\"\"}"));
            assertThat(stream.get("content").asText()).isEqualTo("Hello from n8n");
            assertThat(stream.get("finish_reasons")).isEqualTo(JSON.readTree("[\"stop\"]"));
            assertThat(stream.get("last_choices")).isEmpty();
            assertThat(stream.get("usage").get("completion_tokens").asInt()).isEqualTo(4);
            // role chunk, 3 pieces, finish chunk, usage chunk
            assertThat(stream.get("count").asInt()).isEqualTo(6);

            JsonNode conversation = result.get("conversation").get("ok");
            assertThat(conversation.get("first").asText()).isEqualTo("Hello Ada.");
            assertThat(conversation.get("second").asText()).isEqualTo("Your name is Ada.");

            assertFailure(result.get("unknownModel"), "NotFoundError", 404, "model_not_found", "model");
            assertFailure(result.get("badRequest"), "BadRequestError", 400, "unsupported_value", "n");
            assertFailure(result.get("badKey"), "AuthenticationError", 401, "invalid_api_key", null);
            assertFailure(result.get("revokedKey"), "AuthenticationError", 401, "invalid_api_key", null);

            // what n8n received: the completion, the stream, the two turns of the conversation, the cancelled story
            List<JsonNode> bodies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                bodies.add(JSON.readTree(n8n.takeRequest().body()));
            }
            JsonNode secondTurn = bodies.stream()
                    .filter(body -> body.get("messages").size() == 3).findFirst().orElseThrow();
            JsonNode history = secondTurn.get("messages");
            assertThat(history.get(0).get("role").asText()).isEqualTo("user");
            assertThat(history.get(0).get("content").asText()).isEqualTo("My name is Ada.");
            assertThat(history.get(1).get("role").asText()).isEqualTo("assistant");
            assertThat(history.get(1).get("content").asText()).isEqualTo("Hello Ada.");
            assertThat(history.get(2).get("role").asText()).isEqualTo("user");
            assertThat(history.get(2).get("content").asText()).isEqualTo("What is my name?");
            assertThat(secondTurn.get("system_prompt").asText()).isEqualTo("Agent rules.\n\nYou are terse.");
            assertThat(secondTurn.get("session_id").asText()).endsWith(":ada-session").startsWith("openai:");
            assertThat(secondTurn.get("chat_id").isNull()).isTrue();
            assertThat(secondTurn.get("source").asText()).isEqualTo("openai");
            assertThat(secondTurn.get("user_id").asText()).isEqualTo(admin.userId().toString());

            // the cancelled stream: n8n cut, the generation stopped
            JsonNode cancel = result.get("cancel").get("ok");
            assertThat(cancel.get("content").asText()).isEqualTo("Once");
            assertThat(upstreamCut.await(15, TimeUnit.SECONDS)).as("n8n's answer was cut").isTrue();
            UUID generationId = UUID.fromString(cancel.get("id").asText().substring("chatcmpl-".length()));
            assertThat(OpenAiFixtures.awaitStatus(jdbc, generationId, "stopped")).isEqualTo("stopped");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM chats WHERE team_id = ?", Long.class, admin.teamId())).isZero();
        }
    }

    private static void assertFailure(JsonNode attempt, String errorClass, int status, String code, String param) {
        assertThat(attempt.has("error")).as("an error, not " + attempt).isTrue();
        JsonNode error = attempt.get("error");
        assertThat(error.get("class").asText()).as(error.toString()).isEqualTo(errorClass);
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("code").isNull() ? null : error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("param").isNull() ? null : error.get("param").asText()).isEqualTo(param);
    }

    private JsonNode runScript(String key, String revokedKey, String model) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "openai-sdk.mjs").directory(NODE_DIR.toFile());
        builder.environment().put("BASE_URL", "http://localhost:" + port + "/v1");
        builder.environment().put("API_KEY", key);
        builder.environment().put("REVOKED_KEY", revokedKey);
        builder.environment().put("MODEL", model);
        File errors = File.createTempFile("openai-sdk", ".err");
        builder.redirectError(errors);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the SDK script ended").isTrue();
        String stderr = Files.readString(errors.toPath());
        assertThat(process.exitValue()).as("the SDK script's exit: " + stderr + output).isZero();
        String last = output.strip().lines().reduce((first, second) -> second).orElse("");
        return JSON.readTree(last);
    }

    private static boolean nodeAvailable() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The openai package from the lockfile, unless it is installed already (npm ci needs the npm registry). */
    private static void installSdk() throws Exception {
        if (Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("openai"))) {
            return;
        }
        Process install = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(NODE_DIR.toFile())
                .redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(install.waitFor(300, TimeUnit.SECONDS)).as("npm ci ended").isTrue();
        assertThat(install.exitValue()).as("npm ci: " + output).isZero();
    }
}
