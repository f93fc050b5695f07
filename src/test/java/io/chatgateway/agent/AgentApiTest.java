package io.chatgateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@GatewayTest
class AgentApiTest extends ApiTestBase {

    Account admin;

    @BeforeEach
    void setUp() {
        admin = accounts.newTeamAdmin();
    }

    static Map<String, Object> agentBody(String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("webhook_url", "https://n8n.example.com/webhook/" + name);
        return body;
    }

    @Test
    void createStoresEveryFieldAndNeverShowsTheToken() {
        Map<String, Object> body = agentBody("support");
        body.put("description", "Answers support questions");
        body.put("webhook_token", "secret-token");
        body.put("system_prompt", "You are helpful.");
        body.put("config", Map.of("model", "gpt-4o", "temperature", 0.2));

        ApiClient.Response created = admin.client().post("/api/agents", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode agent = created.json();
        UUID id = UUID.fromString(agent.get("id").asText());
        assertThat(created.header("Location")).contains("/api/agents/" + id);
        assertThat(agent.get("name").asText()).isEqualTo("support");
        assertThat(agent.get("webhook_url").asText()).isEqualTo("https://n8n.example.com/webhook/support");
        assertThat(agent.get("has_webhook_token").asBoolean()).isTrue();
        assertThat(agent.get("config").get("model").asText()).isEqualTo("gpt-4o");
        assertThat(agent.get("is_active").asBoolean()).isTrue();
        assertThat(agent.has("created_at")).isTrue();
        assertThat(created.body()).doesNotContain("secret-token").doesNotContain("\"webhook_token\"");

        Map<String, Object> row = jdbc.queryForMap(
                "SELECT team_id, name, description, webhook_url, webhook_token, system_prompt, config::text AS config,"
                        + " is_active, created_by, deleted_at FROM agents WHERE id = ?", id);
        assertThat(row.get("team_id")).isEqualTo(admin.teamId());
        assertThat(row.get("created_by")).isEqualTo(admin.userId());
        assertThat(row.get("description")).isEqualTo("Answers support questions");
        assertThat(row.get("webhook_token")).isEqualTo("secret-token");
        assertThat(row.get("system_prompt")).isEqualTo("You are helpful.");
        assertThat((String) row.get("config")).contains("\"temperature\": 0.2");
        assertThat(row.get("deleted_at")).isNull();

        JsonNode read = admin.client().get("/api/agents/" + id).json();
        assertThat(read.get("name").asText()).isEqualTo("support");
        assertThat(read.has("webhook_token")).isFalse();
    }

    @Test
    void updateChangesOnlyTheFieldsSentAndNullClearsOptionalOnes() {
        Map<String, Object> body = agentBody("sales");
        body.put("description", "Old description");
        body.put("webhook_token", "token-1");
        body.put("config", Map.of("model", "a"));
        String id = admin.client().post("/api/agents", body).json().get("id").asText();

        Map<String, Object> changes = new HashMap<>();
        changes.put("description", null);
        changes.put("is_active", false);
        changes.put("webhook_token", null);
        ApiClient.Response updated = admin.client().put("/api/agents/" + id, changes);

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("has_webhook_token").asBoolean()).isFalse();
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT name, description, webhook_url, webhook_token, config::text AS config, is_active FROM agents WHERE id = ?::uuid", id);
        assertThat(row.get("name")).isEqualTo("sales");
        assertThat(row.get("description")).isNull();
        assertThat(row.get("webhook_token")).isNull();
        assertThat(row.get("webhook_url")).isEqualTo("https://n8n.example.com/webhook/sales");
        assertThat((String) row.get("config")).contains("\"model\": \"a\"");
        assertThat(row.get("is_active")).isEqualTo(false);

        ApiClient.Response renamed = admin.client().put("/api/agents/" + id,
                Map.of("name", "Sales bot", "config", Map.of("model", "b"), "webhook_token", "token-2"));
        assertThat(renamed.json().get("name").asText()).isEqualTo("Sales bot");
        assertThat(renamed.json().get("has_webhook_token").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT webhook_token FROM agents WHERE id = ?::uuid", String.class, id))
                .isEqualTo("token-2");
    }

    @Test
    void updateClearsOptionalFieldsSentAsNullAndRefusesNullForTheOthers() {
        Map<String, Object> body = agentBody("nullable");
        body.putAll(Map.of("description", "kept", "webhook_token", "kept-token", "system_prompt", "cleared",
                "avatar_url", "https://cdn.example.com/cleared.png", "config", Map.of("model", "kept")));
        String id = admin.client().post("/api/agents", body).json().get("id").asText();

        Map<String, Object> clear = new HashMap<>();
        clear.put("system_prompt", null);
        clear.put("avatar_url", null);
        ApiClient.Response cleared = admin.client().put("/api/agents/" + id, clear);

        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().has("system_prompt")).isFalse();
        assertThat(cleared.json().has("avatar_url")).isFalse();
        assertThat(cleared.json().get("description").asText()).isEqualTo("kept");
        Map<String, Object> row = storedRow(id);
        assertThat(row.get("system_prompt")).isNull();
        assertThat(row.get("avatar_url")).isNull();
        assertThat(row.get("description")).isEqualTo("kept");
        assertThat(row.get("webhook_token")).isEqualTo("kept-token");

        for (String field : List.of("name", "webhook_url", "config", "is_active")) {
            Map<String, Object> nullValue = new HashMap<>();
            nullValue.put(field, null);
            ApiClient.Response refused = admin.client().put("/api/agents/" + id, nullValue);
            assertThat(refused.status()).as(field + " -> " + refused).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
            assertThat(refused.json().get("errors").get(0).get("message").asText()).isEqualTo("must not be null");
        }
        assertThat(storedRow(id)).isEqualTo(row);

        assertThat(admin.client().put("/api/agents/" + id, Map.of()).status()).isEqualTo(200);
        assertThat(storedRow(id)).isEqualTo(row);
    }

    private Map<String, Object> storedRow(String id) {
        return jdbc.queryForMap("SELECT name, description, webhook_url, webhook_token, system_prompt, avatar_url,"
                + " config::text AS config, is_active FROM agents WHERE id = ?::uuid", id);
    }

    @Test
    void anAgentReadsAsTheApiAlwaysWroteIt() {
        Map<String, Object> body = agentBody("shape");
        body.putAll(Map.of("description", "d", "webhook_token", "t", "system_prompt", "p", "config", Map.of("model", "m"),
                "avatar_url", "https://cdn.example.com/a.png"));
        JsonNode created = admin.client().post("/api/agents", body).json();
        String id = created.get("id").asText();
        List<String> every = List.of("id", "name", "slug", "description", "webhook_url", "has_webhook_token",
                "has_n8n_api_key", "system_prompt", "config", "is_active", "avatar_url", "created_at", "updated_at");

        assertThat(fieldNames(created)).containsExactlyElementsOf(every);
        assertThat(fieldNames(admin.client().get("/api/agents/" + id).json())).containsExactlyElementsOf(every);
        Account member = accounts.newMember(admin, "user");
        assertThat(fieldNames(member.client().get("/api/agents/" + id).json()))
                .containsExactlyElementsOf(every.stream().filter(name -> !name.equals("webhook_url")).toList());
        // timestamps as they were written when they came from JDBC: milliseconds, +00:00
        assertThat(created.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+00:00");
        assertThat(created.get("updated_at").asText()).isEqualTo(created.get("created_at").asText());
        // optional fields never set are absent, not null
        JsonNode bare = admin.client().post("/api/agents", agentBody("bare")).json();
        assertThat(fieldNames(bare)).containsExactly("id", "name", "slug", "webhook_url", "has_webhook_token",
                "has_n8n_api_key", "config", "is_active", "created_at", "updated_at");
        assertThat(bare.get("config").isObject() && bare.get("config").isEmpty()).isTrue();
    }

    @Test
    void theN8nApiIsKeptItsKeyNeverShownItsUrlOnlyToAdminsAndBothCanBeCleared() {
        Map<String, Object> body = agentBody("stoppable");
        body.put("n8n_api_url", "https://n8n.example.com/api/v1");
        body.put("n8n_api_key", "n8n-secret-key");
        ApiClient.Response created = admin.client().post("/api/agents", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("n8n_api_url").asText()).isEqualTo("https://n8n.example.com/api/v1");
        assertThat(created.json().get("has_n8n_api_key").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain("n8n-secret-key").doesNotContain("\"n8n_api_key\"");
        String id = created.json().get("id").asText();
        assertThat(jdbc.queryForMap("SELECT n8n_api_url, n8n_api_key FROM agents WHERE id = ?::uuid", id))
                .containsEntry("n8n_api_url", "https://n8n.example.com/api/v1").containsEntry("n8n_api_key", "n8n-secret-key");
        JsonNode seenByMember = accounts.newMember(admin, "user").client().get("/api/agents/" + id).json();
        assertThat(seenByMember.has("n8n_api_url")).isFalse();
        assertThat(seenByMember.get("has_n8n_api_key").asBoolean()).isTrue();

        Map<String, Object> clear = new HashMap<>();
        clear.put("n8n_api_url", null);
        clear.put("n8n_api_key", null);
        ApiClient.Response cleared = admin.client().put("/api/agents/" + id, clear);
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().has("n8n_api_url")).isFalse();
        assertThat(cleared.json().get("has_n8n_api_key").asBoolean()).isFalse();

        for (String url : List.of("ftp://n8n.example.com/api/v1", "not a url", "https://user:pw@n8n.example.com/api/v1",
                "https://n8n.example.com/api/v1?limit=5")) {
            ApiClient.Response refused = admin.client().put("/api/agents/" + id, Map.of("n8n_api_url", url));
            assertThat(refused.status()).as(url + " -> " + refused).isEqualTo(422);
            assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("n8n_api_url");
        }
    }

    @Test
    void configReadsBackExactlyAsStored() {
        String id = admin.client().post("/api/agents", agentBody("stored")).json().get("id").asText();
        jdbc.update("UPDATE agents SET config = ?::jsonb WHERE id = ?::uuid",
                "{\"a\": null, \"n\": 1.10, \"big\": 12345678901234567890.5, \"b\": {\"c\": null, \"d\": [1, null, \"x\"]}}", id);

        String json = admin.client().get("/api/agents/" + id).body();

        assertThat(json).contains("\"a\":null", "\"n\":1.10", "\"big\":12345678901234567890.5",
                "\"b\":{\"c\":null,\"d\":[1,null,\"x\"]}");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void membersSeeActiveAgentsWithoutTheirWebhookUrl() {
        Account member = accounts.newMember(admin, "user");
        String active = admin.client().post("/api/agents", agentBody("visible")).json().get("id").asText();
        Map<String, Object> inactiveBody = agentBody("hidden");
        inactiveBody.put("is_active", false);
        String inactive = admin.client().post("/api/agents", inactiveBody).json().get("id").asText();

        ApiClient.Response list = member.client().get("/api/agents");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("id")).containsExactly(active);
        assertThat(list.body()).doesNotContain("webhook_url").doesNotContain("n8n.example.com");
        ApiClient.Response one = member.client().get("/api/agents/" + active);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().has("webhook_url")).isFalse();
        assertThat(one.json().has("has_webhook_token")).isTrue();

        assertThat(admin.client().get("/api/agents").json().findValuesAsText("id")).containsExactlyInAnyOrder(active, inactive);
    }

    @Test
    void deleteIsSoftAndHidesTheAgent() {
        String id = admin.client().post("/api/agents", agentBody("gone")).json().get("id").asText();

        ApiClient.Response deleted = admin.client().delete("/api/agents/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(jdbc.queryForObject("SELECT deleted_at IS NOT NULL FROM agents WHERE id = ?::uuid", Boolean.class, id)).isTrue();
        assertThat(admin.client().get("/api/agents/" + id).status()).isEqualTo(404);
        assertThat(admin.client().get("/api/agents").json().findValuesAsText("id")).doesNotContain(id);
        assertThat(admin.client().delete("/api/agents/" + id).status()).isEqualTo(404);
        assertThat(admin.client().put("/api/agents/" + id, Map.of("name", "back")).status()).isEqualTo(404);
    }

    @Test
    void invalidFieldsAre422NamingTheField() {
        assertInvalid(Map.of("webhook_url", "https://x.example.com"), "name");
        assertInvalid(Map.of("name", "", "webhook_url", "https://x.example.com"), "name");
        assertInvalid(Map.of("name", "x".repeat(101), "webhook_url", "https://x.example.com"), "name");
        assertInvalid(Map.of("name", "n"), "webhook_url");
        assertInvalid(Map.of("name", "n", "webhook_url", "ftp://x.example.com/hook"), "webhook_url");
        assertInvalid(Map.of("name", "n", "webhook_url", "file:///etc/passwd"), "webhook_url");
        assertInvalid(Map.of("name", "n", "webhook_url", "https://user:pw@x.example.com/"), "webhook_url");
        assertInvalid(Map.of("name", "n", "webhook_url", "https://x.example.com", "config", List.of(1)), "config");
        assertInvalid(Map.of("name", "n", "webhook_url", "https://x.example.com", "is_active", "yes"), "is_active");
        assertInvalid(Map.of("name", "n", "webhook_url", "https://x.example.com", "avatar_url", "javascript:alert(1)"), "avatar_url");

        String id = admin.client().post("/api/agents", agentBody("valid")).json().get("id").asText();
        Map<String, Object> nullName = new HashMap<>();
        nullName.put("name", null);
        ApiClient.Response response = admin.client().put("/api/agents/" + id, nullName);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
    }

    private void assertInvalid(Map<String, Object> body, String field) {
        ApiClient.Response response = admin.client().post("/api/agents", body);
        assertThat(response.status()).as(body + " -> " + response).isEqualTo(422);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
    }

    @Test
    void badRequestBodiesGetTheirStatus() {
        String id = admin.client().post("/api/agents", agentBody("target")).json().get("id").asText();
        ApiClient client = admin.client();
        byte[] json = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);

        for (String[] call : new String[][] {{"POST", "/api/agents"}, {"PUT", "/api/agents/" + id}}) {
            ApiClient.Response malformed = client.raw(call[0], call[1], "application/json", "{\"name\": ".getBytes(StandardCharsets.UTF_8));
            assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
            assertThat(malformed.json().get("detail").asText()).isNotBlank();
            assertThat(client.raw(call[0], call[1], "application/json", "[1,2]".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
            assertThat(client.raw(call[0], call[1], "text/plain", json).status()).isEqualTo(415);
            assertThat(client.raw(call[0], call[1], "application/x-www-form-urlencoded", "name=x".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
            byte[] huge = ("{\"name\":\"x\",\"description\":\"" + "a".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            ApiClient.Response tooLarge = client.raw(call[0], call[1], "application/json", huge);
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.json().get("detail").asText()).isNotBlank();
        }
    }

    @Test
    void anEmptyBodyIs400() {
        String id = admin.client().post("/api/agents", agentBody("empty")).json().get("id").asText();
        for (String[] call : new String[][] {{"POST", "/api/agents"}, {"PUT", "/api/agents/" + id}}) {
            ApiClient.Response response = admin.client().raw(call[0], call[1], "application/json", new byte[0]);
            assertThat(response.status()).as(call[0] + " -> " + response).isEqualTo(400);
            assertThat(response.json().get("detail").asText()).isEqualTo("Request body must be a JSON object");
        }
    }

    @Test
    void nulCharactersInAnyTextAre422NamingTheField() {
        String id = admin.client().post("/api/agents", agentBody("clean")).json().get("id").asText();
        for (String field : List.of("name", "description", "webhook_url", "webhook_token", "system_prompt", "avatar_url")) {
            String text = field.equals("webhook_url") ? "https://n8n.example.com/web\u0000hook"
                    : field.equals("avatar_url") ? "https://cdn.example.com/a\u0000.png" : "a\u0000b";
            Map<String, Object> body = agentBody("nul");
            body.put(field, text);
            assertNul(admin.client().post("/api/agents", body), field);
            assertNul(admin.client().put("/api/agents/" + id, Map.of(field, text)), field);
        }
        Map<String, Object> nested = new HashMap<>();
        nested.put("list", List.of("ok", Map.of("deep", "a\u0000b")));
        for (Map<String, Object> config : List.of(Map.<String, Object>of("model", "a\u0000b"), Map.<String, Object>of("a\u0000", 1), nested)) {
            Map<String, Object> body = agentBody("nul");
            body.put("config", config);
            assertNul(admin.client().post("/api/agents", body), "config");
            assertNul(admin.client().put("/api/agents/" + id, Map.of("config", config)), "config");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM agents WHERE team_id = ?", Integer.class, admin.teamId())).isEqualTo(1);
        assertThat(admin.client().get("/api/agents/" + id).json().get("name").asText()).isEqualTo("clean");
    }

    private static void assertNul(ApiClient.Response response, String field) {
        assertThat(response.status()).as(field + " -> " + response).isEqualTo(422);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
        assertThat(response.json().get("errors").get(0).get("message").asText()).isEqualTo("must not contain NUL characters");
    }

    @Test
    void malformedIdsInThePathAreNotFound() {
        for (String bad : List.of("not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g", "%20")) {
            assertThat(admin.client().get("/api/agents/" + bad).status()).as(bad).isEqualTo(404);
            assertThat(admin.client().put("/api/agents/" + bad, Map.of("name", "x")).status()).as(bad).isEqualTo(404);
            assertThat(admin.client().delete("/api/agents/" + bad).status()).as(bad).isEqualTo(404);
            assertThat(admin.client().get("/api/agents/" + bad + "/avatar").status()).as(bad).isEqualTo(404);
        }
        assertThat(admin.client().get("/api/agents/" + UUID.randomUUID()).json().get("detail").asText()).isEqualTo("Agent not found");
    }

    @Test
    void inDevelopmentInternalWebhooksAreAllowed() {
        Map<String, Object> body = agentBody("local");
        body.put("webhook_url", "http://localhost:5678/webhook/chat");
        assertThat(admin.client().post("/api/agents", body).status()).isEqualTo(201);
    }
}
