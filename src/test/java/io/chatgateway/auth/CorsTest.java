package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import org.junit.jupiter.api.Test;

/** ALLOWED_ORIGINS (http://allowed.example here) governs CORS and every cross-origin request. */
@GatewayTest
class CorsTest extends ApiTestBase {

    @Test
    void preflightFromAnAllowedOriginIsAnsweredWithCredentials() {
        ApiClient.Response response = preflight("http://allowed.example");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).contains("http://allowed.example");
        assertThat(response.header("Access-Control-Allow-Credentials")).contains("true");
        assertThat(response.header("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        ApiClient.Response response = preflight("http://evil.example");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void stateChangingRequestFromAnotherOriginIsRefusedBeforeItRuns() {
        TestAccounts.Account admin = accounts.newTeamAdmin();
        ApiClient.Response refused = admin.client().header("Origin", "http://evil.example")
                .put("/api/team", Map.of("name", "Hijacked"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asText()).isEqualTo("Origin not allowed");

        ApiClient.Response login = accounts.anonymous().header("Origin", "null")
                .post("/api/auth/login", Map.of("email", admin.email(), "password", TestAccounts.PASSWORD));
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.sessionToken()).isEmpty();

        TestAccounts.Account same = accounts.newTeamAdmin();
        assertThat(same.client().get("/api/team").json().get("name").asText()).isNotEqualTo("Hijacked");
        ApiClient.Response allowed = same.client().header("Origin", "http://allowed.example")
                .put("/api/team", Map.of("name", "Renamed"));
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).contains("http://allowed.example");
    }

    private ApiClient.Response preflight(String origin) {
        ApiClient client = accounts.anonymous();
        return client.send(client.request("/api/auth/login")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }
}
