package io.chatgateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fresh teams and users for each test, made through the public API (open registration and invites),
 * so tests never share data and never need SQL to set up.
 */
public final class TestAccounts {

    public static final String PASSWORD = "correct-horse-battery";

    private final int port;

    public TestAccounts(int port) {
        this.port = port;
    }

    /** A signed-in admin of a brand-new team. */
    public Account newTeamAdmin() {
        String email = uniqueEmail("admin");
        ApiClient client = anonymous();
        ApiClient.Response response = client.post("/api/auth/register",
                Map.of("email", email, "password", PASSWORD, "team_name", "Team " + email));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return account(response, client, email);
    }

    /** A signed-in member of the admin's team, with the given role, joined through an invite. */
    public Account newMember(Account admin, String role) {
        ApiClient.Response invite = admin.client().post("/api/team/invites", Map.of("role", role));
        assertThat(invite.status()).as(invite.toString()).isEqualTo(201);
        String email = uniqueEmail(role);
        ApiClient client = anonymous();
        ApiClient.Response response = client.post("/api/auth/register",
                Map.of("email", email, "password", PASSWORD, "invite_token", invite.json().get("token").asText()));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return account(response, client, email);
    }

    /** A client with no session, coming from its own (forwarded) client address. */
    public ApiClient anonymous() {
        return new ApiClient(port).header("X-Forwarded-For", randomAddress());
    }

    private static Account account(ApiClient.Response response, ApiClient client, String email) {
        client.withToken(response.sessionToken().orElseThrow());
        return new Account(UUID.fromString(response.json().get("id").asText()),
                UUID.fromString(response.json().get("team").get("id").asText()), email, client);
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
    }

    public static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    public record Account(UUID userId, UUID teamId, String email, ApiClient client) {
    }
}
