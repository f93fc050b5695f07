package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** When the session cache may answer and when it must read the row (the database is a stub counting reads). */
class ActiveSessionsTest {

    private static final UUID USER = UUID.randomUUID();
    private static final UUID TEAM = UUID.randomUUID();

    private final UsersRow row = new UsersRow();
    private final ActiveSessions sessions = new ActiveSessions(row, Duration.ofMinutes(1));

    @Test
    void readsTheRowEveryTimeUntilTheListenerListens() {
        sessions.find(USER, 0);
        sessions.find(USER, 0);
        assertThat(row.reads).isEqualTo(2);

        sessions.listening();
        sessions.find(USER, 0);
        assertThat(sessions.find(USER, 0)).contains(new AuthenticatedUser(USER, TEAM, "admin"));
        assertThat(row.reads).isEqualTo(3);
    }

    @Test
    void anEvictedOrOlderSessionIsReadAgain() {
        sessions.listening();
        sessions.find(USER, 0);
        row.tokenVersion = 1;
        sessions.evict(USER);

        assertThat(sessions.find(USER, 0)).isEmpty();
        assertThat(sessions.find(USER, 0)).isEmpty();
        assertThat(sessions.find(USER, 1)).isPresent();
        assertThat(row.reads).isEqualTo(4);
    }

    @Test
    void aRowReadBeforeAnEvictionIsNotKept() {
        sessions.listening();
        row.duringRead = () -> sessions.evict(USER);
        sessions.find(USER, 0);
        row.duringRead = () -> { };
        sessions.find(USER, 0);
        assertThat(row.reads).isEqualTo(2);
    }

    @Test
    void aLostListenerStopsTheCacheAndItsReturnStartsAfresh() {
        sessions.listening();
        sessions.find(USER, 0);
        sessions.notListening();
        row.role = "user";
        assertThat(sessions.find(USER, 0).orElseThrow().role()).isEqualTo("user");

        row.role = "admin";
        sessions.listening();
        assertThat(sessions.find(USER, 0).orElseThrow().role()).isEqualTo("admin");
        assertThat(row.reads).isEqualTo(3);
    }

    @Test
    void evictionInATransactionWaitsForTheCommit() {
        sessions.listening();
        sessions.find(USER, 0);
        TransactionSynchronizationManager.initSynchronization();
        try {
            sessions.evict(USER);
            sessions.find(USER, 0);
            assertThat(row.reads).isEqualTo(1);
            TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        sessions.find(USER, 0);
        assertThat(row.reads).isEqualTo(2);
    }

    @Test
    void aZeroTtlTurnsTheCacheOff() {
        assertThat(new ActiveSessions(row, Duration.ZERO).enabled()).isFalse();
        assertThat(sessions.enabled()).isTrue();
    }

    /** One user's row: found while the token version matches. */
    private static final class UsersRow extends AccountStore {

        int reads;
        int tokenVersion;
        String role = "admin";
        Runnable duringRead = () -> { };

        UsersRow() {
            super(null, null);
        }

        @Override
        public Optional<AuthenticatedUser> findActiveSession(UUID userId, int version) {
            reads++;
            duringRead.run();
            return version == tokenVersion ? Optional.of(new AuthenticatedUser(userId, TEAM, role)) : Optional.empty();
        }
    }
}
