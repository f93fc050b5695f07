package io.chatgateway.apikey;

import static io.chatgateway.apikey.ApiKeyFixtures.WHOAMI;
import static io.chatgateway.apikey.ApiKeyFixtures.createKey;
import static io.chatgateway.apikey.ApiKeyFixtures.newKey;
import static io.chatgateway.apikey.ApiKeyFixtures.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Team API keys authenticate /v1 and nothing else; sessions do not reach /v1. A revoked or expired key, or one whose
 * creator was deactivated, is refused with OpenAI's 401 at once. {@link ApiKeyFixtures#WHOAMI} shows the caller.
 */
@GatewayTest
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyAuthenticationTest extends ApiTestBase {

    @Autowired
    CamelContext camel;

    Account admin;

    @BeforeEach
    void setUp() throws Exception {
        ApiKeyFixtures.addWhoamiRoute(camel);
        admin = accounts.newTeamAdmin();
    }

    @Test
    void aKeyActsAsItsCreatorWithTheRoleUserForItsTeamAndAgents() {
        String agent = admin.client().post("/api/agents", Map.of("name", "a", "webhook_url", "https://n8n.example.com/webhook/a"))
                .json().get("id").asText();
        JsonNode all = createKey(admin, Map.of("name", "all agents"));
        JsonNode limited = createKey(admin, Map.of("name", "one agent", "agent_ids", List.of(agent)));

        JsonNode caller = whoami(withKey(port, all.get("key").asText()));
        assertThat(caller.get("user_id").asText()).isEqualTo(admin.userId().toString());
        assertThat(caller.get("team_id").asText()).isEqualTo(admin.teamId().toString());
        assertThat(caller.get("role").asText()).isEqualTo("user");
        assertThat(caller.get("api_key_id").asText()).isEqualTo(all.get("id").asText());
        assertThat(caller.get("variable_api_key_id").asText()).isEqualTo(all.get("id").asText());
        assertThat(caller.get("agent_ids").isNull()).isTrue();

        JsonNode limitedCaller = whoami(withKey(port, limited.get("key").asText()));
        assertThat(limitedCaller.get("api_key_id").asText()).isEqualTo(limited.get("id").asText());
        assertThat(limitedCaller.get("agent_ids")).extracting(JsonNode::asText).containsExactly(agent);
        // the scheme's name is case-insensitive, as in every bearer client
        assertThat(new ApiClient(port).header("Authorization", "bearer " + all.get("key").asText()).get(WHOAMI).status()).isEqualTo(200);
    }

    @Test
    void missingMalformedAndWrongKeysGetOpenAisInvalidApiKeyError() {
        String key = newKey(admin);
        String wrongSecret = key.substring(0, 17) + (key.charAt(17) == 'A' ? 'B' : 'A') + key.substring(18);
        List<ApiClient> refused = List.of(new ApiClient(port), withKey(port, wrongSecret), withKey(port, key + "x"),
                withKey(port, key.substring(0, key.length() - 1)), withKey(port, "cgw_"), withKey(port, "sk-abc"),
                withKey(port, key.toUpperCase()), new ApiClient(port).header("Authorization", "Basic " + key),
                new ApiClient(port).header("Authorization", key));
        for (ApiClient client : refused) {
            for (String path : List.of(WHOAMI, "/v1/models", "/v1/chat/completions")) {
                ApiClient.Response response = path.endsWith("completions") ? client.post(path, Map.of("model", "x")) : client.get(path);
                assertInvalidApiKey(response);
            }
        }
        assertThat(new ApiClient(port).get(WHOAMI).json().get("error").get("message").asText()).contains("Missing API key");
        assertThat(withKey(port, key).get(WHOAMI).status()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        JsonNode created = createKey(admin, Map.of("name", "to revoke"));
        ApiClient client = withKey(port, created.get("key").asText());
        assertThat(client.get(WHOAMI).status()).isEqualTo(200);

        assertThat(admin.client().delete("/api/team/api-keys/" + created.get("id").asText()).status()).isEqualTo(204);

        assertInvalidApiKey(client.get(WHOAMI));
    }

    @Test
    void anExpiredKeyIsRefused() {
        JsonNode created = createKey(admin, Map.of("name", "short-lived", "expires_in_days", 1));
        ApiClient client = withKey(port, created.get("key").asText());
        assertThat(client.get(WHOAMI).status()).isEqualTo(200);

        jdbc.update("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?::uuid", created.get("id").asText());

        assertInvalidApiKey(client.get(WHOAMI));
        assertThat(admin.client().get("/api/team/api-keys").json().findValuesAsText("id"))
                .as("expired keys are still listed, with their expiry").contains(created.get("id").asText());
    }

    @Test
    void aKeyOfADeactivatedCreatorIsRefused() {
        Account creator = accounts.newMember(admin, "admin");
        ApiClient client = withKey(port, newKey(creator));
        assertThat(client.get(WHOAMI).status()).isEqualTo(200);

        assertThat(admin.client().put("/api/team/members/" + creator.userId(), Map.of("is_active", false)).status()).isEqualTo(200);

        assertInvalidApiKey(client.get(WHOAMI));
    }

    @Test
    void aKeyOfADemotedCreatorIsRefused() {
        Account creator = accounts.newMember(admin, "admin");
        ApiClient client = withKey(port, newKey(creator));
        assertThat(client.get(WHOAMI).status()).isEqualTo(200);

        assertThat(admin.client().put("/api/team/members/" + creator.userId(), Map.of("role", "user")).status()).isEqualTo(200);

        assertInvalidApiKey(client.get(WHOAMI));
    }

    @Test
    void aKeyCannotCallTheSessionApiAndASessionCannotCallV1() {
        String key = newKey(admin);
        ApiClient keyClient = withKey(port, key);
        for (String path : List.of("/api/auth/me", "/api/agents", "/api/chats", "/api/team/api-keys")) {
            ApiClient.Response response = keyClient.get(path);
            assertThat(response.status()).as(path + " " + response).isEqualTo(401);
            assertThat(response.json().get("detail").isTextual()).isTrue();
        }
        assertThat(keyClient.post("/api/team/api-keys", Map.of("name", "escalated")).status()).isEqualTo(401);
        // an API key next to a session cookie does not fall back to the cookie
        assertThat(admin.client().header("Authorization", "Bearer " + key).get("/api/auth/me").status()).isEqualTo(401);

        String session = admin.client().token();
        assertThat(new ApiClient(port).header("Authorization", "Bearer " + session).get("/api/auth/me").status())
                .as("the session token works as a bearer on /api").isEqualTo(200);
        assertInvalidApiKey(new ApiClient(port).header("Authorization", "Bearer " + session).get(WHOAMI));
        assertInvalidApiKey(new ApiClient(port).withToken(session).get(WHOAMI));
        assertInvalidApiKey(new ApiClient(port).withToken(session).get("/v1/models"));
    }

    @Test
    void lastUsedAtIsWrittenAtMostOnceAMinute() {
        JsonNode created = createKey(admin, Map.of("name", "used"));
        String id = created.get("id").asText();
        ApiClient client = withKey(port, created.get("key").asText());
        assertThat(lastUsedAt(id)).isNull();

        assertThat(client.get(WHOAMI).status()).isEqualTo(200);
        OffsetDateTime first = lastUsedAt(id);
        assertThat(first).isNotNull();
        assertThat(client.get(WHOAMI).status()).isEqualTo(200);
        assertThat(client.get(WHOAMI).status()).isEqualTo(200);
        assertThat(lastUsedAt(id)).as("not written again within the minute").isEqualTo(first);
        assertThat(admin.client().get("/api/team/api-keys").json().get(0).get("last_used_at").isNull()).isFalse();

        jdbc.update("UPDATE api_keys SET last_used_at = now() - interval '61 seconds' WHERE id = ?::uuid", id);
        OffsetDateTime aged = lastUsedAt(id);
        assertThat(client.get(WHOAMI).status()).isEqualTo(200);
        assertThat(lastUsedAt(id)).isAfter(aged.plusSeconds(60));
    }

    @Test
    void theKeyIsNeverLogged(CapturedOutput output) {
        String key = newKey(admin);
        withKey(port, key).get(WHOAMI);
        withKey(port, key).get("/api/agents");
        withKey(port, key + "x").get(WHOAMI);
        assertThat(output.getAll()).contains("GET " + WHOAMI + " 200").doesNotContain(key.substring(17));
    }

    private OffsetDateTime lastUsedAt(String id) {
        return jdbc.queryForObject("SELECT last_used_at FROM api_keys WHERE id = ?::uuid", OffsetDateTime.class, id);
    }

    private static JsonNode whoami(ApiClient client) {
        ApiClient.Response response = client.get(WHOAMI);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static void assertInvalidApiKey(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        JsonNode error = response.json().get("error");
        assertThat(error).as(response.toString()).isNotNull();
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(error.has("param")).isTrue();
        assertThat(error.get("param").isNull()).isTrue();
    }
}
