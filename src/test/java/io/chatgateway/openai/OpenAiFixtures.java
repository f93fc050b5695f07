package io.chatgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.TestAccounts;
import org.springframework.jdbc.core.JdbcTemplate;
import io.chatgateway.support.TestAccounts.Account;

/** Agents and API keys made through the API (as an admin would), and a client of the /v1 API with a key. */
final class OpenAiFixtures {

    private OpenAiFixtures() {
    }

    /** An agent of the admin's team calling the URL; the API's answer (id, slug...). */
    static JsonNode agent(Account admin, String name, String webhookUrl, String systemPrompt, String configJson) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("webhook_url", webhookUrl);
        body.put("system_prompt", systemPrompt);
        if (configJson != null) {
            body.put("config", parse(configJson));
        }
        ApiClient.Response created = admin.client().post("/api/agents", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    static JsonNode agent(Account admin, String name, String webhookUrl) {
        return agent(admin, name, webhookUrl, null, null);
    }

    /** A new API key of the admin's team (limited to the agents, when given); the key itself. */
    static String key(Account admin, UUID... agentIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "key " + UUID.randomUUID());
        if (agentIds.length > 0) {
            body.put("agent_ids", List.of(agentIds));
        }
        ApiClient.Response created = admin.client().post("/api/team/api-keys", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    static UUID keyId(Account admin, String key) {
        for (JsonNode listed : admin.client().get("/api/team/api-keys").json()) {
            if (key.startsWith(listed.get("prefix").asText())) {
                return UUID.fromString(listed.get("id").asText());
            }
        }
        throw new AssertionError("no such key");
    }

    /** A new team's admin, its agent calling the URL, and a client of the /v1 API with a key for every agent. */
    record Setup(Account admin, JsonNode agent, ApiClient client) {
        String model() {
            return agent.get("slug").asText();
        }
    }

    static Setup setUp(TestAccounts accounts, int port, String name, String webhookUrl, String systemPrompt,
                       String configJson) {
        Account admin = accounts.newTeamAdmin();
        JsonNode agent = agent(admin, name, webhookUrl, systemPrompt, configJson);
        return new Setup(admin, agent, client(port, key(admin)));
    }

    static Setup setUp(TestAccounts accounts, int port, String name, String webhookUrl) {
        return setUp(accounts, port, name, webhookUrl, null, null);
    }

    /** A request body asking the model for an answer to one user message. */
    static String ask(String model, String content, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + content + "\"}]}";
    }

    /** A client of the /v1 API sending the key as a bearer token (and no session). */
    static ApiClient client(int port, String key) {
        return new ApiClient(port).header("Authorization", "Bearer " + key);
    }

    static HttpRequest.Builder completion(ApiClient client, String json) {
        return client.request("/v1/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** Waits (up to 10 s) until the generation has the status; the status it has then. */
    static String awaitStatus(JdbcTemplate jdbc, UUID generationId, String status) throws InterruptedException {
        String now = null;
        for (int i = 0; i < 100 && !status.equals(now); i++) {
            Thread.sleep(100);
            now = jdbc.queryForObject("SELECT status FROM generations WHERE id = ?", String.class, generationId);
        }
        return now;
    }

    private static Object parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
