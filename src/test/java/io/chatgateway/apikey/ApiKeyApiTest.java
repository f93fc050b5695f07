package io.chatgateway.apikey;

import static io.chatgateway.apikey.ApiKeyFixtures.KEY_FORMAT;
import static io.chatgateway.apikey.ApiKeyFixtures.createKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/team/api-keys}: create (shown once, stored hashed), list, revoke; validation, roles, teams. */
@GatewayTest
class ApiKeyApiTest extends ApiTestBase {

    Account admin;
    String agent;

    @BeforeEach
    void setUp() {
        admin = accounts.newTeamAdmin();
        agent = newAgent(admin, "agent");
    }

    private static String newAgent(Account admin, String name) {
        ApiClient.Response created = admin.client().post("/api/agents",
                Map.of("name", name, "webhook_url", "https://n8n.example.com/webhook/" + name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    @Test
    void aKeyIsShownOnceListedWithoutItAndRevoked() {
        JsonNode created = createKey(admin, Map.of("name", "  CI pipeline  "));
        String key = created.get("key").asText();
        String id = created.get("id").asText();
        assertThat(key).matches(KEY_FORMAT);
        assertThat(created.get("name").asText()).isEqualTo("CI pipeline");
        assertThat(created.get("prefix").asText()).isEqualTo(key.substring(0, 12)).startsWith("cgw_");
        assertThat(created.get("agent_ids").isNull()).isTrue();
        assertThat(created.get("created_by").asText()).isEqualTo(admin.userId().toString());
        assertThat(created.get("expires_at").isNull()).isTrue();
        assertThat(created.get("last_used_at").isNull()).isTrue();
        assertThat(OffsetDateTime.parse(created.get("created_at").asText())).isCloseTo(OffsetDateTime.now(), within(1, ChronoUnit.MINUTES));

        JsonNode second = createKey(admin, Map.of("name", "second"));
        assertThat(second.get("key").asText()).isNotEqualTo(key).matches(KEY_FORMAT);

        ApiClient.Response list = admin.client().get("/api/team/api-keys");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValuesAsText("id")).as("newest first").containsExactly(second.get("id").asText(), id);
        assertThat(list.json().get(1).has("key")).isFalse();
        assertThat(list.json().get(1).get("prefix").asText()).isEqualTo(key.substring(0, 12));
        assertThat(list.json().get(1).get("name").asText()).isEqualTo("CI pipeline");
        assertThat(list.body()).doesNotContain(key).doesNotContain(key.substring(17));

        ApiClient.Response revoked = admin.client().delete("/api/team/api-keys/" + id);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(revoked.body()).isEmpty();
        assertThat(admin.client().get("/api/team/api-keys").json().findValuesAsText("id")).containsExactly(second.get("id").asText());
        assertThat(admin.client().delete("/api/team/api-keys/" + id).status()).as("revoked already").isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT revoked_at IS NOT NULL FROM api_keys WHERE id = ?::uuid", Boolean.class, id)).isTrue();
    }

    @Test
    void onlyTheKeyIdAndTheSha256OfTheKeyAreStored() throws Exception {
        JsonNode created = createKey(admin, Map.of("name", "stored"));
        String key = created.get("key").asText();
        String secret = key.substring(17);
        Map<String, Object> row = jdbc.queryForMap("SELECT key_id, secret_sha256, team_id, created_by, name FROM api_keys WHERE id = ?::uuid",
                created.get("id").asText());
        assertThat(row.get("key_id")).isEqualTo(key.substring(4, 16));
        assertThat((byte[]) row.get("secret_sha256")).isEqualTo(MessageDigest.getInstance("SHA-256").digest(key.getBytes()));
        assertThat(row).containsEntry("team_id", admin.teamId()).containsEntry("created_by", admin.userId()).containsEntry("name", "stored");
        String wholeRow = jdbc.queryForObject("SELECT row_to_json(k)::text FROM api_keys k WHERE id = ?::uuid", String.class,
                created.get("id").asText());
        assertThat(wholeRow).doesNotContain(secret).doesNotContain(key);
    }

    @Test
    void expiryAndAgentsAreStoredAsAsked() {
        String other = newAgent(admin, "other");
        JsonNode created = createKey(admin, Map.of("name", "limited", "expires_in_days", 30,
                "agent_ids", List.of(agent, agent, other)));
        assertThat(created.get("agent_ids")).extracting(JsonNode::asText).containsExactly(agent, other);
        assertThat(OffsetDateTime.parse(created.get("expires_at").asText()))
                .isCloseTo(OffsetDateTime.now().plusDays(30), within(1, ChronoUnit.MINUTES));
        JsonNode listed = admin.client().get("/api/team/api-keys").json().get(0);
        assertThat(listed.get("agent_ids")).extracting(JsonNode::asText).containsExactly(agent, other);
        assertThat(listed.get("expires_at").asText()).isEqualTo(created.get("expires_at").asText());
    }

    @Test
    void invalidFieldsAre422NamingTheField() {
        Account stranger = accounts.newTeamAdmin();
        String foreignAgent = newAgent(stranger, "foreign");
        String deletedAgent = newAgent(admin, "deleted");
        assertThat(admin.client().delete("/api/agents/" + deletedAgent).status()).isEqualTo(204);

        assertRefused(Map.of(), "name");
        assertRefused(Map.of("name", "   "), "name");
        assertRefused(Map.of("name", "x".repeat(101)), "name");
        assertRefused(Map.of("name", 5), "name");
        assertRefused(Map.of("name", "k", "expires_in_days", 0), "expires_in_days");
        assertRefused(Map.of("name", "k", "expires_in_days", 3651), "expires_in_days");
        assertRefused(Map.of("name", "k", "expires_in_days", "soon"), "expires_in_days");
        assertRefused(Map.of("name", "k", "agent_ids", List.of()), "agent_ids");
        assertRefused(Map.of("name", "k", "agent_ids", List.of(foreignAgent)), "agent_ids");
        assertRefused(Map.of("name", "k", "agent_ids", List.of(agent, foreignAgent)), "agent_ids");
        assertRefused(Map.of("name", "k", "agent_ids", List.of(deletedAgent)), "agent_ids");
        assertRefused(Map.of("name", "k", "agent_ids", List.of(UUID.randomUUID().toString())), "agent_ids");
        assertRefused(Map.of("name", "k", "agent_ids", "all"), "agent_ids");
        Map<String, Object> withNull = new HashMap<>(Map.of("name", "k"));
        withNull.put("agent_ids", java.util.Arrays.asList(agent, null));
        assertRefused(withNull, "agent_ids");
        ApiClient.Response notUuid = admin.client().post("/api/team/api-keys", Map.of("name", "k", "agent_ids", List.of("nope")));
        assertThat(notUuid.status()).as(notUuid.toString()).isEqualTo(422);
        assertThat(notUuid.json().get("errors").get(0).get("field").asText()).startsWith("agent_ids");

        assertThat(admin.client().post("/api/team/api-keys", "[]").status()).isEqualTo(400);
        assertThat(admin.client().post("/api/team/api-keys", "{").status()).isEqualTo(400);
        assertThat(admin.client().raw("POST", "/api/team/api-keys", "application/json", null).status()).isEqualTo(400);

        // null agent_ids is "all agents", like leaving it out
        Map<String, Object> allAgents = new HashMap<>(Map.of("name", "k"));
        allAgents.put("agent_ids", null);
        assertThat(createKey(admin, allAgents).get("agent_ids").isNull()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE team_id = ?", Integer.class, admin.teamId()))
                .as("nothing stored by a refused request").isEqualTo(1);
    }

    private void assertRefused(Map<String, ?> body, String field) {
        ApiClient.Response response = admin.client().post("/api/team/api-keys", body);
        assertThat(response.status()).as(body + " -> " + response).isEqualTo(422);
        assertThat(response.json().get("errors").get(0).get("field").asText()).as(body.toString()).isEqualTo(field);
    }

    @Test
    void membersMayNotManageKeysAndAnotherTeamsKeysAreNotFound() {
        Account user = accounts.newMember(admin, "user");
        String id = createKey(admin, Map.of("name", "admins only")).get("id").asText();
        for (ApiClient.Response response : List.of(user.client().get("/api/team/api-keys"),
                user.client().post("/api/team/api-keys", Map.of("name", "mine")),
                user.client().delete("/api/team/api-keys/" + id))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.json().get("detail").isTextual()).isTrue();
        }

        Account stranger = accounts.newTeamAdmin();
        assertThat(stranger.client().get("/api/team/api-keys").json()).isEmpty();
        assertThat(stranger.client().delete("/api/team/api-keys/" + id).status()).isEqualTo(404);
        assertThat(admin.client().delete("/api/team/api-keys/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(admin.client().delete("/api/team/api-keys/not-a-uuid").status()).isEqualTo(404);
        assertThat(admin.client().get("/api/team/api-keys").json().findValuesAsText("id")).containsExactly(id);
        assertThat(new ApiClient(port).get("/api/team/api-keys").status()).isEqualTo(401);
    }
}
