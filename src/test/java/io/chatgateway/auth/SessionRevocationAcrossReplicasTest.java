package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.ExtraInstance;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.MultiInstanceTest;
import io.chatgateway.support.TestAccounts.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions are cached per replica (ActiveSessions); a revocation on one replica, or straight in SQL, must still
 * end the session on another replica that has it cached. The waits are correctness bounds: the notification takes
 * milliseconds, without it the cached session would be accepted for the whole SESSION_CACHE_TTL (60 s).
 */
@GatewayTest
@MultiInstanceTest
class SessionRevocationAcrossReplicasTest extends ApiTestBase {

    private static final Duration BOUND = Duration.ofSeconds(5);

    static ExtraInstance replica;
    static int replicaPort;

    /** Started once the suite's instance runs (its Camel context starts before the first test, not before @BeforeAll). */
    @BeforeEach
    void startReplica() {
        if (replica != null) {
            return;
        }
        replica = ExtraInstance.development("replica-sessions").start();
        replicaPort = replica.port();
        // the replica caches nothing until its listener is connected
        awaitReplicaListening();
    }

    @AfterAll
    static void stopReplica() {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void logoutOnOneReplicaEndsTheSessionOnTheOther() {
        Account admin = accounts.newTeamAdmin();
        ApiClient onReplica = usedOnReplica(admin);

        assertThat(admin.client().post("/api/auth/logout", Map.of()).status()).isEqualTo(200);

        awaitRefused(onReplica);
    }

    @Test
    void deactivationAndDemotionOnOneReplicaEndTheSessionsOnTheOther() {
        Account admin = accounts.newTeamAdmin();
        Account member = accounts.newMember(admin, "user");
        Account secondAdmin = accounts.newMember(admin, "admin");
        ApiClient memberOnReplica = usedOnReplica(member);
        ApiClient secondAdminOnReplica = usedOnReplica(secondAdmin);
        assertThat(secondAdminOnReplica.get("/api/team/members").status()).isEqualTo(200);

        assertThat(admin.client().put("/api/team/members/" + member.userId(), Map.of("is_active", false)).status())
                .isEqualTo(200);
        assertThat(admin.client().put("/api/team/members/" + secondAdmin.userId(), Map.of("role", "user")).status())
                .isEqualTo(200);

        awaitRefused(memberOnReplica);
        awaitRefused(secondAdminOnReplica);
    }

    @Test
    void aChangeMadeInSqlReachesEveryReplica() {
        Account admin = accounts.newTeamAdmin();
        ApiClient onReplica = usedOnReplica(admin);
        assertThat(admin.client().get("/api/auth/me").status()).isEqualTo(200);

        jdbc.update("UPDATE users SET is_active = false WHERE id = ?", admin.userId());

        awaitRefused(onReplica);
        awaitRefused(admin.client());
    }

    @Test
    void changesMissedWhileTheListenerWasDisconnectedAreNotServedAfterwards() {
        Account admin = accounts.newTeamAdmin();
        ApiClient onReplica = usedOnReplica(admin);
        // a change no listener hears of, as one committed while the listening connections are down
        jdbc.execute((Connection connection) -> {
            try (Statement statement = connection.createStatement();
                 PreparedStatement deactivate = connection.prepareStatement("UPDATE users SET is_active = false WHERE id = ?")) {
                statement.execute("SET session_replication_role = replica"); // triggers off
                deactivate.setObject(1, admin.userId());
                deactivate.executeUpdate();
                statement.execute("RESET session_replication_role");
            }
            return null;
        });
        assertThat(onReplica.get("/api/auth/me").status()).as("served from the replica's cache").isEqualTo(200);

        List<Boolean> killed = jdbc.queryForList(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
                Boolean.class, SessionChangeListener.APPLICATION_NAME);
        assertThat(killed).as("this suite's instance and the replica listen").hasSizeGreaterThanOrEqualTo(2);

        awaitRefused(onReplica);
        awaitReplicaListening();
        assertThat(onReplica.get("/api/auth/me").status()).as("not cached again after the reconnection").isEqualTo(401);
    }

    private void awaitReplicaListening() {
        ApiClient metrics = new ApiClient(replicaPort);
        await().atMost(BOUND).until(() -> metrics.get("/actuator/prometheus").body().lines()
                .anyMatch(line -> line.startsWith("chatgateway_session_cache_listening") && line.endsWith(" 1.0")));
    }

    /** The account's token used on the replica, which keeps the session in its cache. */
    private ApiClient usedOnReplica(Account account) {
        ApiClient onReplica = new ApiClient(replicaPort).withToken(account.client().token());
        assertThat(onReplica.get("/api/auth/me").status()).isEqualTo(200);
        assertThat(onReplica.get("/api/auth/me").status()).isEqualTo(200);
        return onReplica;
    }

    private static void awaitRefused(ApiClient client) {
        await().atMost(BOUND).until(() -> client.get("/api/auth/me").status() == 401);
    }
}
