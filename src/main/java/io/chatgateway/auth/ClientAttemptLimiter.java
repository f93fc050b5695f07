package io.chatgateway.auth;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.SqlStatements;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Logins and registrations per client address in the last 60 seconds, logged in PostgreSQL so that every replica
 * shares them. An advisory lock per address and action makes check-and-log atomic, so a burst of parallel
 * attempts cannot slip past the limit. Each count commits on its own: a registration that fails afterwards
 * still counts.
 */
@Component
public class ClientAttemptLimiter {

    private final JdbcClient jdbc;
    private final SqlStatements sql;
    private final int loginsPerMinute;
    private final int registrationsPerMinute;

    public ClientAttemptLimiter(JdbcClient jdbc, SqlStatements sql, GatewayProperties properties,
                                @Value("${chatgateway.auth.registration-attempts-per-minute:10}") int registrationsPerMinute) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.loginsPerMinute = properties.auth().loginAttemptsPerMinute();
        this.registrationsPerMinute = registrationsPerMinute;
    }

    /** Counts one login attempt, or refuses it with 429 when the address made its limit in the last minute. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void countLogin(String clientAddress) {
        count("login", clientAddress, loginsPerMinute);
    }

    /** Counts one registration attempt, or refuses it with 429 like {@link #countLogin}. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void countRegistration(String clientAddress) {
        count("register", clientAddress, registrationsPerMinute);
    }

    private void count(String action, String clientAddress, int perMinute) {
        jdbc.sql(sql.get("auth/lock-client-attempts")).param("action", action).param("client", clientAddress)
                .query().listOfRows();
        Window window = jdbc.sql(sql.get("auth/recent-client-attempts"))
                .param("action", action).param("client", clientAddress)
                .query((rs, row) -> new Window(rs.getInt("attempts"), rs.getLong("retry_after_seconds")))
                .single();
        if (window.attempts() >= perMinute) {
            long retryAfter = Math.max(1, window.retryAfterSeconds());
            String what = "login".equals(action) ? "login" : "registration";
            throw ApiException.tooManyRequests("Too many " + what + " attempts; try again in " + retryAfter + " s",
                    retryAfter);
        }
        jdbc.sql(sql.get("auth/insert-client-attempt")).param("action", action).param("client", clientAddress).update();
    }

    @Scheduled(fixedDelayString = "PT5M")
    public void forgetOldWindows() {
        jdbc.sql(sql.get("auth/delete-old-client-attempts")).update();
    }

    private record Window(int attempts, long retryAfterSeconds) {
    }
}
