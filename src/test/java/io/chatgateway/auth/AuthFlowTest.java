package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;

@GatewayTest
class AuthFlowTest extends ApiTestBase {

    @Test
    void registeringANewTeamSignsTheAdminInWithAStrictHttpOnlyCookie() {
        ApiClient client = accounts.anonymous();
        String email = TestAccounts.uniqueEmail("owner");
        ApiClient.Response response = client.post("/api/auth/register",
                Map.of("email", email, "password", TestAccounts.PASSWORD, "team_name", "Acme"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("role").asText()).isEqualTo("admin");
        assertThat(response.json().get("team").get("name").asText()).isEqualTo("Acme");
        String cookie = response.http().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("access_token=").contains("HttpOnly", "SameSite=Strict", "Path=/")
                .doesNotContain("Secure");

        ApiClient.Response me = client.withToken(response.sessionToken().orElseThrow()).get("/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asText()).isEqualTo(email);
    }

    @Test
    void inviteJoinsTheTeamWithTheInvitesRoleOnce() {
        Account admin = accounts.newTeamAdmin();
        Account member = accounts.newMember(admin, "user");

        ApiClient.Response me = member.client().get("/api/auth/me");
        assertThat(me.json().get("role").asText()).isEqualTo("user");
        assertThat(me.json().get("team").get("id").asText()).isEqualTo(admin.teamId().toString());
    }

    @Test
    void loginLogoutAndRevocation() {
        Account admin = accounts.newTeamAdmin();
        ApiClient client = accounts.anonymous();
        ApiClient.Response login = client.post("/api/auth/login",
                Map.of("email", admin.email().toUpperCase(), "password", TestAccounts.PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        String token = login.sessionToken().orElseThrow();

        ApiClient.Response logout = client.withToken(token).post("/api/auth/logout", Map.of());
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.header("Set-Cookie").orElseThrow()).contains("Max-Age=0");

        // the old token is revoked even if a client kept it, and so is the one from registration
        assertThat(new ApiClient(port).withToken(token).get("/api/auth/me").status()).isEqualTo(401);
        assertThat(admin.client().get("/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void wrongPasswordAndUnknownEmailLookTheSame() {
        Account admin = accounts.newTeamAdmin();
        ApiClient.Response wrong = accounts.anonymous().post("/api/auth/login",
                Map.of("email", admin.email(), "password", "not-the-password"));
        ApiClient.Response unknown = accounts.anonymous().post("/api/auth/login",
                Map.of("email", "nobody@nowhere.example", "password", "not-the-password"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json()).isEqualTo(unknown.json());
    }
}
