package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Each way in (invite, open team by slug, new team by name) and each refusal, which all look alike. */
@GatewayTest
class RegistrationTest extends ApiTestBase {

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    JsonNode refusal;

    @BeforeEach
    void setUp() {
        ApiClient.Response unknownSlug = register(Map.of("team_slug", "no-such-team-slug"));
        assertThat(unknownSlug.status()).as(unknownSlug.toString()).isEqualTo(400);
        refusal = unknownSlug.json();
    }

    @Test
    void teamNameCreatesATeamWithTheRegistrantAsAdmin() {
        ApiClient.Response response = register(Map.of("team_name", "Fresh team"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("role").asText()).isEqualTo("admin");
        assertThat(response.json().get("team").get("slug").asText()).startsWith("fresh-team-");
    }

    @Test
    void inviteJoinsWithTheInvitesRole() {
        Account admin = accounts.newTeamAdmin();
        String token = invite(admin, Map.of("role", "admin"));
        ApiClient.Response response = register(Map.of("invite_token", token));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("role").asText()).isEqualTo("admin");
        assertThat(response.json().get("team").get("id").asText()).isEqualTo(admin.teamId().toString());
    }

    @Test
    void inviteBoundToAnEmailAcceptsThatEmailOnly() {
        Account admin = accounts.newTeamAdmin();
        String email = TestAccounts.uniqueEmail("bound");
        String token = invite(admin, Map.of("email", email.toUpperCase()));
        assertRefused(register(Map.of("invite_token", token)));
        ApiClient.Response response = accounts.anonymous().post("/api/auth/register",
                Map.of("email", email, "password", TestAccounts.PASSWORD, "invite_token", token));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    @Test
    void usedExpiredRevokedAndUnknownInvitesAreRefusedAlike() {
        Account admin = accounts.newTeamAdmin();
        String used = invite(admin, Map.of());
        assertThat(register(Map.of("invite_token", used)).status()).isEqualTo(201);
        assertRefused(register(Map.of("invite_token", used)));

        String expired = invite(admin, Map.of());
        jdbc.update("UPDATE team_invites SET expires_at = now() - interval '1 second' WHERE team_id = :team AND used_at IS NULL",
                Map.of("team", admin.teamId()));
        assertRefused(register(Map.of("invite_token", expired)));

        ApiClient.Response created = admin.client().post("/api/team/invites", Map.of());
        assertThat(admin.client().delete("/api/team/invites/" + created.json().get("id").asText()).status()).isEqualTo(204);
        assertRefused(register(Map.of("invite_token", created.json().get("token").asText())));

        assertRefused(register(Map.of("invite_token", "made-up-token")));
    }

    @Test
    void teamSlugJoinsOnlyATeamWithOpenRegistration() {
        Account admin = accounts.newTeamAdmin();
        String slug = admin.client().get("/api/team").json().get("slug").asText();
        assertRefused(register(Map.of("team_slug", slug)));

        ApiClient.Response opened = admin.client().put("/api/team", Map.of("open_registration", true));
        assertThat(opened.json().get("open_registration").asBoolean()).isTrue();
        ApiClient.Response joined = register(Map.of("team_slug", slug));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        assertThat(joined.json().get("role").asText()).isEqualTo("user");
        assertThat(joined.json().get("team").get("id").asText()).isEqualTo(admin.teamId().toString());

        admin.client().put("/api/team", Map.of("open_registration", false));
        assertRefused(register(Map.of("team_slug", slug)));
    }

    @Test
    void anEmailInUseIsRefusedLikeABadInviteWhateverTheCaseAndPath() {
        Account admin = accounts.newTeamAdmin();
        ApiClient.Response again = accounts.anonymous().post("/api/auth/register",
                Map.of("email", admin.email().toUpperCase(), "password", TestAccounts.PASSWORD, "team_name", "Other"));
        assertRefused(again);
        String token = invite(admin, Map.of());
        assertRefused(accounts.anonymous().post("/api/auth/register",
                Map.of("email", admin.email(), "password", TestAccounts.PASSWORD, "invite_token", token)));
        // the refused attempt neither used the invite nor created a team
        assertThat(register(Map.of("invite_token", token)).status()).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM teams WHERE name = 'Other' AND NOT EXISTS "
                + "(SELECT 1 FROM users WHERE users.team_id = teams.id)", Map.of(), Integer.class)).isZero();
    }

    @Test
    void passwordAndEmailAreValidated() {
        ApiClient.Response shortPassword = accounts.anonymous().post("/api/auth/register",
                Map.of("email", TestAccounts.uniqueEmail("p"), "password", "seven77", "team_name", "T"));
        assertThat(shortPassword.status()).isEqualTo(422);
        assertThat(shortPassword.json().get("detail").asText()).contains("password");
        ApiClient.Response badEmail = accounts.anonymous().post("/api/auth/register",
                Map.of("email", "no-at-sign", "password", TestAccounts.PASSWORD, "team_name", "T"));
        assertThat(badEmail.status()).isEqualTo(422);
        assertThat(badEmail.json().get("detail").asText()).contains("email");
        ApiClient.Response nothing = accounts.anonymous().post("/api/auth/register",
                Map.of("email", TestAccounts.uniqueEmail("n"), "password", TestAccounts.PASSWORD));
        assertThat(nothing.status()).isEqualTo(422);
    }

    private ApiClient.Response register(Map<String, Object> how) {
        Map<String, Object> body = new java.util.HashMap<>(how);
        body.put("email", TestAccounts.uniqueEmail("reg"));
        body.put("password", TestAccounts.PASSWORD);
        return accounts.anonymous().post("/api/auth/register", body);
    }

    private void assertRefused(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json()).isEqualTo(refusal);
        assertThat(response.sessionToken()).isEmpty();
    }

    private static String invite(Account admin, Map<String, Object> body) {
        ApiClient.Response response = admin.client().post("/api/team/invites", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("token").asText();
    }
}
