package io.chatgateway.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

/**
 * The review of this round's new surface (team API keys, /v1, usage and quotas, the admin test call): cross-team
 * access, sessions and keys on the wrong API, and bad input that must be a 4xx error, never a 500.
 */
@GatewayTest
class NewSurfaceReviewTest extends ApiTestBase {

    private static final String URL = "http://127.0.0.1:9/webhook";

    private static JsonNode agent(Account admin, String name) {
        ApiClient.Response created = admin.client().post("/api/agents", Map.of("name", name, "webhook_url", URL));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static String key(Account admin, UUID... agentIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "review key");
        if (agentIds.length > 0) {
            body.put("agent_ids", List.of(agentIds));
        }
        ApiClient.Response created = admin.client().post("/api/team/api-keys", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("key").asText();
    }

    private ApiClient withKey(String key) {
        return new ApiClient(port).header("Authorization", "Bearer " + key);
    }

    private static ApiClient.Response complete(ApiClient client, String json) {
        return client.raw("POST", "/v1/chat/completions", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void usageDatesOutsideWhatTheDatabaseTakesAre422() {
        Account admin = accounts.newTeamAdmin();
        for (String[] period : new String[][] {
                {"+10000-01-01", "+10000-01-05"}, {"-0001-01-01", "-0001-01-05"}, {null, "+999999999-12-31"},
                {"+5874897-12-01", "+5874897-12-31"}}) {
            String query = "/api/team/usage?to=" + encoded(period[1]) + (period[0] == null ? "" : "&from=" + encoded(period[0]));
            ApiClient.Response response = admin.client().get(query);
            assertThat(response.status()).as(query + " " + response).isEqualTo(422);
            assertThat(response.json().get("detail")).isNotNull();
        }
        for (String query : new String[] {"to=9999-12-31", "from=0001-01-01&to=0001-01-05"}) {
            ApiClient.Response response = admin.client().get("/api/team/usage?" + query);
            assertThat(response.status()).as(query + " " + response).isEqualTo(200);
        }
    }

    @Test
    void usageRefusesOddGroupsAndDates() {
        Account admin = accounts.newTeamAdmin();
        for (String query : new String[] {"group_by=" + encoded("day; DROP TABLE teams"), "group_by=DAY",
                "from=2026-02-30", "from=" + encoded("2026-01-01'--"), "to=%00", "from=2026-13-01"}) {
            ApiClient.Response response = admin.client().get("/api/team/usage?" + query);
            assertThat(response.status()).as(query + " " + response).isEqualTo(422);
        }
    }

    @Test
    void aSessionIsNoKeyOnV1AndAKeyIsNoSessionOnApi() {
        Account admin = accounts.newTeamAdmin();
        agent(admin, "Support");
        String key = key(admin);
        String session = admin.client().token();

        ApiClient.Response bySession = new ApiClient(port).header("Authorization", "Bearer " + session).get("/v1/models");
        assertThat(bySession.status()).as(bySession.toString()).isEqualTo(401);
        assertThat(bySession.json().get("error").get("code").asText()).isEqualTo("invalid_api_key");
        ApiClient.Response byCookie = new ApiClient(port).withToken(session).get("/v1/models");
        assertThat(byCookie.status()).as(byCookie.toString()).isEqualTo(401);

        for (String path : new String[] {"/api/team", "/api/agents", "/api/team/api-keys", "/api/team/usage", "/api/chats"}) {
            ApiClient.Response byKey = withKey(key).get(path);
            assertThat(byKey.status()).as(path + " " + byKey).isEqualTo(401);
            assertThat(byKey.body()).doesNotContain(key);
        }
        // a key beside a session cookie: the key authenticates nothing on /api, the cookie nothing on /v1
        ApiClient both = new ApiClient(port).withToken(session).header("Authorization", "Bearer " + key);
        assertThat(both.get("/api/team").status()).isEqualTo(401);
    }

    @Test
    void headersAndQueryParametersAreNoIdentityOnV1() {
        Account admin = accounts.newTeamAdmin();
        JsonNode mine = agent(admin, "Mine");
        Account stranger = accounts.newTeamAdmin();
        agent(stranger, "Theirs");
        ApiClient client = withKey(key(admin))
                .header("teamId", stranger.teamId().toString()).header("userId", stranger.userId().toString())
                .header("apiKeyId", UUID.randomUUID().toString()).header("role", "admin");
        ApiClient.Response models = client.get("/v1/models?teamId=" + stranger.teamId());
        assertThat(models.status()).as(models.toString()).isEqualTo(200);
        assertThat(models.json().get("data")).hasSize(1);
        assertThat(models.json().get("data").get(0).get("id").asText()).isEqualTo(mine.get("slug").asText());
        assertThat(client.get("/v1/models/theirs?teamId=" + stranger.teamId()).status()).isEqualTo(404);
    }

    @Test
    void keysCannotBeLimitedToAnotherTeamsAgentsAndBadKeyRequestsAre4xx() {
        Account admin = accounts.newTeamAdmin();
        Account stranger = accounts.newTeamAdmin();
        JsonNode theirs = agent(stranger, "Theirs");
        ApiClient.Response foreign = admin.client().post("/api/team/api-keys",
                Map.of("name", "k", "agent_ids", List.of(theirs.get("id").asText())));
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(422);

        for (String body : new String[] {"{\"name\":\"k\",\"agent_ids\":[\"nope\"]}", "{\"name\":\"k\",\"agent_ids\":\"x\"}",
                "{\"name\":\"k\",\"expires_in_days\":\"soon\"}", "{\"name\":\"k\",\"expires_in_days\":1e30}",
                "{\"name\":\"k\",\"expires_in_days\":-5}", "{\"name\":123}", "[]", "\"k\"", "{\"name\":\"k\"",
                "{\"name\":\"k\",\"agent_ids\":[null]}", "{\"name\":\"\\u0000\"}", "{\"name\":\"k\",\"agent_ids\":[]}"}) {
            ApiClient.Response response = admin.client().raw("POST", "/api/team/api-keys", "application/json",
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(response.status()).as(body + " " + response).isBetween(400, 499);
            assertThat(response.json().get("detail")).as(body).isNotNull();
        }
        ApiClient.Response otherTeamsKey = stranger.client().delete("/api/team/api-keys/"
                + admin.client().post("/api/team/api-keys", Map.of("name", "mine")).json().get("id").asText());
        assertThat(otherTeamsKey.status()).isEqualTo(404);
        assertThat(admin.client().delete("/api/team/api-keys/not-a-uuid").status()).isEqualTo(404);
    }

    @Test
    void oddCompletionRequestsAreOpenAi400s() {
        Account admin = accounts.newTeamAdmin();
        JsonNode agent = agent(admin, "Support");
        String model = agent.get("slug").asText();
        ApiClient client = withKey(key(admin));
        String deep = "[".repeat(5000) + "]".repeat(5000);
        for (String body : new String[] {"[]", "null", "1", "{\"model\":5,\"messages\":[]}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1e10}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":99999999999999}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":1e400}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":[1]}]}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":{}}]}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":5,\"content\":\"x\"}]}",
                "{\"model\":\"" + model + "\",\"messages\":[1]}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"user\":{}}",
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":1}",
                "{\"model\":\"" + model + "\",\"messages\":" + deep + "}", "{\"model\":"}) {
            ApiClient.Response response = complete(client, body);
            assertThat(response.status()).as(body.length() > 200 ? body.substring(0, 200) : body + " " + response).isEqualTo(400);
            assertThat(response.json().get("error").get("type").asText()).isEqualTo("invalid_request_error");
        }
        // bytes that are not UTF-8
        byte[] bad = ("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[bad.length + 6];
        System.arraycopy(bad, 0, body, 0, bad.length);
        body[bad.length] = (byte) 0xC3;
        body[bad.length + 1] = (byte) 0x28;
        body[bad.length + 2] = (byte) 0xFF;
        body[bad.length + 3] = '"';
        body[bad.length + 4] = '}';
        body[bad.length + 5] = ']';
        ApiClient.Response notUtf8 = client.raw("POST", "/v1/chat/completions", "application/json", body);
        assertThat(notUtf8.status()).as(notUtf8.toString()).isBetween(400, 499);
        assertThat(notUtf8.json().get("error")).isNotNull();
        // a model of another team, or a slug that is no slug
        Account stranger = accounts.newTeamAdmin();
        String theirs = agent(stranger, "Theirs").get("slug").asText();
        for (String name : new String[] {theirs, "x".repeat(10_000), "../" + model, "%"}) {
            ApiClient.Response response = complete(client, "{\"model\":\"" + name
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(response.status()).as(name).isEqualTo(404);
            assertThat(response.json().get("error").get("code").asText()).isEqualTo("model_not_found");
        }
    }

    @Test
    void everyV1RefusalIsAnOpenAiError() {
        Account admin = accounts.newTeamAdmin();
        agent(admin, "Support");
        ApiClient client = withKey(key(admin));
        for (String[] request : new String[][] {{"GET", "/v1/chat/completions"}, {"DELETE", "/v1/models"},
                {"GET", "/v1/nothing"}, {"POST", "/v1/models"}, {"GET", "/v1"}, {"GET", "/v1/models/%20"}}) {
            ApiClient.Response response = client.raw(request[0], request[1], null, null);
            assertThat(response.status()).as(request[0] + " " + request[1] + " " + response).isBetween(400, 499);
            assertThat(response.json().get("error")).as(request[0] + " " + request[1] + " " + response).isNotNull();
        }
        ApiClient.Response wrongType = client.raw("POST", "/v1/chat/completions", "text/plain",
                "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(wrongType.status()).as(wrongType.toString()).isBetween(400, 499);
        assertThat(wrongType.json().get("error")).as(wrongType.toString()).isNotNull();
    }

    @Test
    void theTestCallFindsOnlyTheTeamsAgents() {
        Account admin = accounts.newTeamAdmin();
        Account stranger = accounts.newTeamAdmin();
        JsonNode theirs = agent(stranger, "Theirs");
        ApiClient.Response foreign = admin.client().post("/api/agents/" + theirs.get("id").asText() + "/test-call", Map.of());
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
        JsonNode mine = agent(admin, "Mine");
        ApiClient.Response viaQuery = admin.client().post("/api/agents/" + mine.get("id").asText() + "/test-call?id="
                + theirs.get("id").asText(), Map.of("message", "hi"));
        assertThat(viaQuery.status()).as(viaQuery.toString()).isIn(200, 404);
        for (String body : new String[] {"{\"message\":5}", "{\"message\":\"\"}", "[]", "{\"message\":\"" + "x".repeat(5000) + "\"}"}) {
            ApiClient.Response response = admin.client().raw("POST", "/api/agents/" + mine.get("id").asText() + "/test-call",
                    "application/json", body.getBytes(StandardCharsets.UTF_8));
            assertThat(response.status()).as(body.substring(0, Math.min(40, body.length())) + " " + response).isBetween(400, 499);
        }
        Account user = accounts.newMember(admin, "user");
        assertThat(user.client().post("/api/agents/" + mine.get("id").asText() + "/test-call", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void badQuotasAre422() {
        Account admin = accounts.newTeamAdmin();
        for (String body : new String[] {"{\"quotas\":{\"tokens_per_month\":-1}}", "{\"quotas\":{\"tokens_per_month\":1e30}}",
                "{\"quotas\":{\"requests_per_minute_per_key\":99999999999}}", "{\"quotas\":{\"max_concurrent_generations\":\"x\"}}",
                "{\"quotas\":{\"max_concurrent_generations\":0}}", "{\"quotas\":5}", "{\"quotas\":{\"team_id\":1}}",
                "{\"quotas\":{\"tokens_per_month\":1.5}}"}) {
            ApiClient.Response response = admin.client().raw("PUT", "/api/team", "application/json",
                    body.getBytes(StandardCharsets.UTF_8));
            assertThat(response.status()).as(body + " " + response).isBetween(400, 499);
            assertThat(response.json().get("detail")).as(body).isNotNull();
        }
    }

    @Test
    void encodedOrOddlySpelledPathsDoNotSkipTheRules() {
        Account admin = accounts.newTeamAdmin();
        agent(admin, "Support");
        Account user = accounts.newMember(admin, "user");
        String key = key(admin);
        for (String path : new String[] {"/%761/models", "/v1%2Fmodels", "/V1/models", "//v1/models", "/v1//models",
                "/./v1/models", "/x/../v1/models", "/v1/./models", "/%2576/models"}) {
            ApiClient.Response bySession = admin.client().get(path);
            assertThat(bySession.status()).as("session " + path + " " + bySession).isNotEqualTo(200);
        }
        for (String path : new String[] {"/%61pi/team/api-keys", "/api%2Fteam/api-keys", "//api/team/api-keys",
                "/api//team/api-keys", "/API/team/api-keys", "/api/team/%61pi-keys", "/api/./team/api-keys"}) {
            ApiClient.Response byUser = user.client().get(path);
            assertThat(byUser.status()).as("user " + path + " " + byUser).isNotEqualTo(200);
            ApiClient.Response byKey = withKey(key).get(path);
            assertThat(byKey.status()).as("key " + path + " " + byKey).isNotEqualTo(200);
        }
    }

    @Test
    void queryParametersThatCamelTurnsIntoHeadersAreNo500() {
        Account admin = accounts.newTeamAdmin();
        String model = agent(admin, "Support").get("slug").asText();
        ApiClient client = withKey(key(admin));
        String ask = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        for (String query : new String[] {"?Content-Length=abc", "?Content-Length=-1", "?X-Session-Id=a&X-Session-Id=b",
                "?Content-Length=1&Content-Length=2", "?CamelHttpResponseCode=abc", "?Content-Type=x"}) {
            ApiClient.Response response = client.send(client.request("/v1/chat/completions" + query)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ask)));
            // the agent's URL leads nowhere: 502 upstream_unreachable once the request got through
            assertThat(response.status()).as(query + " " + response).isIn(400, 413, 502);
        }
        for (String query : new String[] {"?from=2026-01-01&from=2026-01-02", "?group_by=day&group_by=key",
                "?Accept=text/csv", "?CamelHttpResponseCode=abc"}) {
            ApiClient.Response response = admin.client().get("/api/team/usage" + query);
            assertThat(response.status()).as(query + " " + response).isLessThan(500);
        }
        ApiClient.Response model2 = client.get("/v1/models/" + model + "?id=other");
        assertThat(model2.status()).as(model2.toString()).isLessThan(500);
    }
}
