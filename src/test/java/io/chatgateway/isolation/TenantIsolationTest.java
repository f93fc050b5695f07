package io.chatgateway.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.Multipart;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import io.chatgateway.auth.Role;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two teams, each with an admin and a user, each with an agent, an avatar, chats of both members and an invite.
 * Every verb of the REST model (read from the Camel context, so a new verb is covered without being listed) is
 * called by every member with every id it must not reach: another team's resources and (for chats) another member's answer 404 exactly like a missing id,
 * admin endpoints answer 403 to users, and afterwards nothing has changed in PostgreSQL.
 */
@GatewayTest
class TenantIsolationTest extends ApiTestBase {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

    @Autowired
    CamelContext camel;

    Team a;
    Team b;

    /** One team's members and resources. */
    record Team(Account admin, Account user, String agent, String adminChat, String userChat, String invite,
                String apiKey) {
        List<Account> members() {
            return List.of(admin, user);
        }

        String chatOf(Account member) {
            return member == admin ? adminChat : userChat;
        }
    }

    @BeforeEach
    void setUp() {
        TestAccounts accounts = new TestAccounts(port);
        a = newTeam(accounts);
        b = newTeam(accounts);
    }

    private static Team newTeam(TestAccounts accounts) {
        Account admin = accounts.newTeamAdmin();
        Account user = accounts.newMember(admin, "user");
        String agent = admin.client().post("/api/agents",
                Map.of("name", "agent", "webhook_url", "https://n8n.example.com/webhook/x", "webhook_token", "t")).json().get("id").asText();
        Multipart avatar = Multipart.file("file", "a.png", "image/png", PNG);
        assertThat(admin.client().raw("POST", "/api/agents/" + agent + "/avatar", avatar.contentType(), avatar.body()).status()).isEqualTo(200);
        String adminChat = admin.client().post("/api/chats", Map.of("agent_id", agent, "title", "admin chat")).json().get("id").asText();
        String userChat = user.client().post("/api/chats", Map.of("agent_id", agent, "title", "user chat")).json().get("id").asText();
        String invite = admin.client().post("/api/team/invites", Map.of("role", "user")).json().get("id").asText();
        String apiKey = admin.client().post("/api/team/api-keys", Map.of("name", "key")).json().get("id").asText();
        return new Team(admin, user, agent, adminChat, userChat, invite, apiKey);
    }

    /** Request bodies that pass validation, so that only the id decides the answer; keyed by "METHOD path". */
    static final Map<String, Object> VALID_BODIES = Map.of(
            "PUT /api/agents/{id}", Map.of("name", "stolen"),
            "PUT /api/chats/{id}", Map.of("title", "stolen"),
            "POST /api/chats/{id}/messages", Map.of("content", "stolen"),
            "PUT /api/team/members/{id}", Map.of("role", "user"));

    /** A verb of the REST model, with the role it declares. */
    record Verb(String method, String path, Role role, boolean upload) {
        ApiClient.Response send(ApiClient client, String id) {
            String target = path.replace("{id}", id);
            if (upload) {
                Multipart file = Multipart.file("file", "a.png", "image/png", PNG);
                return client.raw(method, target, file.contentType(), file.body());
            }
            Object body = VALID_BODIES.getOrDefault(method + " " + path, Map.of());
            return switch (method) {
                case "GET" -> client.get(target);
                case "DELETE" -> client.delete(target);
                case "PUT" -> client.put(target, body);
                case "POST" -> client.post(target, body);
                default -> throw new IllegalArgumentException(method);
            };
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every verb of the Camel REST model: a new verb is checked without being listed here. */
    private List<Verb> verbs() {
        List<Verb> verbs = new java.util.ArrayList<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() + (verb.getPath() == null ? "" : verb.getPath())).replace("//", "/");
                if (path.startsWith("/v1/")) {
                    // the OpenAI-compatible API takes team API keys, not sessions: openai/ModelsTest and
                    // ChatCompletionsTest show another team's agents are no models of a key
                    continue;
                }
                Role role = Role.valueOf(verb.getSecurity().get(0).getScopes().trim().toUpperCase(java.util.Locale.ROOT));
                boolean upload = verb.getConsumes() != null && verb.getConsumes().contains("multipart");
                verbs.add(new Verb(verb.asVerb().toUpperCase(java.util.Locale.ROOT), path, role, upload));
            }
        }
        return verbs;
    }

    /** The ids of one team's resources a path names with {id}, by the collection the path is under. */
    private static List<String> foreignIds(Verb verb, Team own, Team other, Account caller) {
        String missing = UUID.randomUUID().toString();
        if (verb.path().startsWith("/api/agents/{id}")) {
            return List.of(other.agent(), missing);
        }
        if (verb.path().startsWith("/api/chats/{id}")) {
            Account teammate = caller == own.admin() ? own.user() : own.admin();
            return List.of(other.adminChat(), other.userChat(), own.chatOf(teammate), missing);
        }
        if (verb.path().startsWith("/api/team/members/{id}")) {
            return List.of(other.admin().userId().toString(), other.user().userId().toString(), missing);
        }
        if (verb.path().startsWith("/api/team/invites/{id}")) {
            return List.of(other.invite(), missing);
        }
        if (verb.path().startsWith("/api/team/api-keys/{id}")) {
            return List.of(other.apiKey(), missing);
        }
        return null;
    }

    @Test
    void everyVerbWithAnIdAnswersForeignIdsWith404AndEveryAdminVerbRefusesUsers() {
        SoftAssertions softly = new SoftAssertions();
        List<Verb> verbs = verbs();
        assertThat(verbs).as("REST verbs").hasSizeGreaterThanOrEqualTo(25);
        for (Team own : List.of(a, b)) {
            Team other = own == a ? b : a;
            for (Account caller : own.members()) {
                boolean admin = caller == own.admin();
                String who = (admin ? "admin" : "user") + " of " + (own == a ? "A" : "B");
                for (Verb verb : verbs) {
                    boolean refused = verb.role() == Role.ADMIN && !admin;
                    if (!verb.path().contains("{id}")) {
                        if (refused) {
                            ApiClient.Response response = verb.send(caller.client(), "");
                            softly.assertThat(response.status()).as(who + " " + verb + " -> " + response).isEqualTo(403);
                        }
                        continue;
                    }
                    List<String> ids = foreignIds(verb, own, other, caller);
                    softly.assertThat(ids).as(verb + " names a resource this test does not know: add it to foreignIds")
                            .isNotNull();
                    for (String id : ids == null ? List.<String>of() : ids) {
                        ApiClient.Response response = verb.send(caller.client(), id);
                        softly.assertThat(response.status()).as(who + " " + verb + " " + id + " -> " + response)
                                .isEqualTo(refused ? 403 : 404);
                        softly.assertThat(response.body()).as(who + " " + verb).contains("\"detail\"");
                    }
                }
                // a chat cannot be started with, or moved to, another team's agent
                softly.assertThat(caller.client().post("/api/chats", Map.of("agent_id", other.agent())).status())
                        .as(who + " POST /api/chats with a foreign agent").isEqualTo(404);
                softly.assertThat(caller.client().put("/api/chats/" + own.chatOf(caller), Map.of("agent_id", other.agent())).status())
                        .as(who + " PUT own chat onto a foreign agent").isEqualTo(404);

                // lists show only what the caller may see
                softly.assertThat(caller.client().get("/api/agents").json().findValuesAsText("id")).as(who + " agents")
                        .containsExactly(own.agent());
                softly.assertThat(caller.client().get("/api/chats").json().findValuesAsText("id")).as(who + " chats")
                        .containsExactly(own.chatOf(caller));
                softly.assertThat(caller.client().get("/api/chats?agent_id=" + other.agent()).json()).as(who + " chats by foreign agent")
                        .isEmpty();
            }
        }
        softly.assertAll();
        assertNothingChanged();
    }

    @Test
    void usersAreForbiddenOnEveryAdminEndpointEvenForTheirOwnTeam() {
        ApiClient user = a.user().client();
        String agent = a.agent();
        Multipart file = Multipart.file("file", "a.png", "image/png", PNG);
        List<ApiClient.Response> responses = List.of(
                user.post("/api/agents", Map.of("name", "x", "webhook_url", "https://n8n.example.com/webhook/x")),
                user.put("/api/agents/" + agent, Map.of("name", "renamed")),
                user.delete("/api/agents/" + agent),
                user.raw("POST", "/api/agents/" + agent + "/avatar", file.contentType(), file.body()),
                user.get("/api/team"),
                user.put("/api/team", Map.of("name", "taken over")),
                user.get("/api/team/members"),
                user.put("/api/team/members/" + a.user().userId(), Map.of("role", "admin")),
                user.get("/api/team/invites"),
                user.post("/api/team/invites", Map.of("role", "admin")),
                user.delete("/api/team/invites/" + a.invite()),
                user.get("/api/team/api-keys"),
                user.post("/api/team/api-keys", Map.of("name", "mine")),
                user.delete("/api/team/api-keys/" + a.apiKey()));
        responses.forEach(response -> assertThat(response.status()).as(response.http().request().uri().toString()).isEqualTo(403));
        assertNothingChanged();
        assertThat(jdbc.queryForObject("SELECT role FROM users WHERE id = ?", String.class, a.user().userId())).isEqualTo("user");
    }

    @Test
    void identityHeadersAndQueryParametersAreIgnored() {
        ApiClient user = a.user().client();
        ApiClient admin = a.admin().client();
        for (ApiClient client : List.of(user, admin)) {
            client.header("X-Team-Id", b.admin().teamId().toString())
                    .header("X-User-Id", b.user().userId().toString())
                    .header("teamId", b.admin().teamId().toString())
                    .header("userId", b.user().userId().toString())
                    .header("team_id", b.admin().teamId().toString())
                    .header("role", "admin")
                    .header("X-Role", "admin")
                    .header("CamelSqlQuery", "SELECT id FROM agents");
        }
        String query = "?team_id=" + b.admin().teamId() + "&teamId=" + b.admin().teamId() + "&user_id=" + b.user().userId()
                + "&userId=" + b.user().userId() + "&role=admin&CamelSqlQuery=SELECT%20id%20FROM%20agents";

        assertThat(user.get("/api/agents" + query).json().findValuesAsText("id")).containsExactly(a.agent());
        assertThat(user.get("/api/agents" + query).body()).doesNotContain("webhook_url");
        assertThat(user.get("/api/agents/" + b.agent() + query).status()).isEqualTo(404);
        assertThat(user.get("/api/chats" + query).json().findValuesAsText("id")).containsExactly(a.userChat());
        assertThat(user.get("/api/chats/" + b.userChat() + query).status()).isEqualTo(404);
        assertThat(user.get("/api/chats/" + a.adminChat() + query).status()).isEqualTo(404);
        assertThat(user.put("/api/chats/" + b.userChat() + query, Map.of("title", "stolen")).status()).isEqualTo(404);
        assertThat(user.delete("/api/chats/" + b.userChat() + query).status()).isEqualTo(404);
        assertThat(user.post("/api/chats" + query, Map.of("agent_id", b.agent())).status()).isEqualTo(404);
        assertThat(user.put("/api/agents/" + a.agent() + query, Map.of("name", "x")).status()).isEqualTo(403);
        assertThat(user.get("/api/team" + query).status()).isEqualTo(403);

        // what an admin creates lands in the admin's own team, whatever the headers say
        ApiClient.Response created = admin.post("/api/agents" + query,
                Map.of("name", "mine", "webhook_url", "https://n8n.example.com/webhook/mine"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT team_id FROM agents WHERE id = ?::uuid", UUID.class, created.json().get("id").asText()))
                .isEqualTo(a.admin().teamId());
        ApiClient.Response chat = user.post("/api/chats" + query, Map.of("agent_id", a.agent()));
        assertThat(jdbc.queryForMap("SELECT team_id, user_id FROM chats WHERE id = ?::uuid", chat.json().get("id").asText()))
                .containsEntry("team_id", a.user().teamId()).containsEntry("user_id", a.user().userId());
        assertThat(admin.get("/api/team/members" + query).json().findValuesAsText("email"))
                .containsExactlyInAnyOrder(a.admin().email(), a.user().email());
        assertThat(admin.delete("/api/agents/" + b.agent() + query).status()).isEqualTo(404);
        assertNothingChanged();
    }

    /** Every resource of both teams is still there, unchanged. */
    private void assertNothingChanged() {
        for (Team team : List.of(a, b)) {
            assertThat(jdbc.queryForMap("SELECT name, deleted_at FROM agents WHERE id = ?::uuid", team.agent()))
                    .containsEntry("name", "agent").containsEntry("deleted_at", null);
            assertThat(jdbc.queryForObject("SELECT content FROM agent_avatars WHERE agent_id = ?::uuid", byte[].class, team.agent()))
                    .isEqualTo(PNG);
            assertThat(jdbc.queryForObject("SELECT title FROM chats WHERE id = ?::uuid", String.class, team.adminChat())).isEqualTo("admin chat");
            assertThat(jdbc.queryForObject("SELECT title FROM chats WHERE id = ?::uuid", String.class, team.userChat())).isEqualTo("user chat");
            assertThat(jdbc.queryForObject("SELECT sum(message_count) FROM chats WHERE id IN (?::uuid, ?::uuid)", Integer.class,
                    team.adminChat(), team.userChat())).as("no message was sent into a chat").isZero();
            assertThat(jdbc.queryForObject("SELECT agent_id FROM chats WHERE id = ?::uuid", UUID.class, team.userChat()).toString())
                    .isEqualTo(team.agent());
            assertThat(jdbc.queryForObject("SELECT count(*) FROM team_invites WHERE id = ?::uuid", Integer.class, team.invite())).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE id = ?::uuid AND revoked_at IS NULL", Integer.class,
                    team.apiKey())).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE team_id = ?", Integer.class, team.admin().teamId()))
                    .as("no key created by a refused request").isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT role FROM users WHERE id = ?", String.class, team.admin().userId())).isEqualTo("admin");
        }
    }
}
