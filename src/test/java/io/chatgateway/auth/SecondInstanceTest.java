package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.TestAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two replicas of the service on one database, reached through DATABASE_URL (the suite's embedded PostgreSQL
 * standing in for an external one): login attempts count across replicas, sessions are good on both, and the
 * replica in REGISTRATION_MODE=invite refuses to create teams.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@MultiInstanceTest
class SecondInstanceTest {

    ExtraInstance openReplica;
    ExtraInstance replica;
    int port;
    int replicaPort;

    @BeforeAll
    void startReplicas() {
        openReplica = start("open");
        replica = start("invite");
        port = openReplica.port();
        replicaPort = replica.port();
    }

    private static ExtraInstance start(String registrationMode) {
        return ExtraInstance.development("replica-" + registrationMode)
                .with("chatgateway.auth.registration-mode", registrationMode).start();
    }

    @AfterAll
    void stopReplicas() {
        for (ExtraInstance context : new ExtraInstance[] {replica, openReplica}) {
            if (context != null) {
                context.close();
            }
        }
    }

    @Test
    void theSixthLoginAttemptOfAMinuteIsRefusedWhicheverReplicaGetsIt() {
        String address = TestAccounts.randomAddress();
        ApiClient first = new ApiClient(port).header("X-Forwarded-For", address);
        ApiClient second = new ApiClient(replicaPort).header("X-Forwarded-For", address);
        Map<String, String> login = Map.of("email", "nobody@test.example", "password", "wrong-password");
        for (ApiClient client : new ApiClient[] {first, second, first, second, first}) {
            assertThat(client.post("/api/auth/login", login).status()).isEqualTo(401);
        }
        for (ApiClient client : new ApiClient[] {second, first}) {
            ApiClient.Response refused = client.post("/api/auth/login", login);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.json().get("detail").asText()).contains("Too many");
            assertThat(Integer.parseInt(refused.header("Retry-After").orElseThrow())).isBetween(1, 60);
        }
        // a correct password does not get past the limit either
        TestAccounts.Account admin = new TestAccounts(port).newTeamAdmin();
        assertThat(first.post("/api/auth/login", Map.of("email", admin.email(), "password", TestAccounts.PASSWORD)).status())
                .isEqualTo(429);
        // another client address is not affected
        ApiClient other = new ApiClient(replicaPort).header("X-Forwarded-For", TestAccounts.randomAddress());
        assertThat(other.post("/api/auth/login", Map.of("email", admin.email(), "password", TestAccounts.PASSWORD)).status())
                .isEqualTo(200);
    }

    @Test
    void inviteModeRefusesCreatingATeamButTakesInvites() {
        ApiClient client = new ApiClient(replicaPort).header("X-Forwarded-For", TestAccounts.randomAddress());
        ApiClient.Response refused = client.post("/api/auth/register",
                Map.of("email", TestAccounts.uniqueEmail("closed"), "password", TestAccounts.PASSWORD, "team_name", "New"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.sessionToken()).isEmpty();

        TestAccounts.Account admin = new TestAccounts(port).newTeamAdmin();
        String token = admin.client().post("/api/team/invites", Map.of()).json().get("token").asText();
        ApiClient.Response joined = client.post("/api/auth/register",
                Map.of("email", TestAccounts.uniqueEmail("invited"), "password", TestAccounts.PASSWORD, "invite_token", token));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        // a session from one replica is good on the other (same key, same database)
        assertThat(new ApiClient(port).withToken(joined.sessionToken().orElseThrow()).get("/api/auth/me").status()).isEqualTo(200);
    }
}
