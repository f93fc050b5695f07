package io.chatgateway.auth;

import java.util.Map;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Login attempts per client address in the last 60 seconds, logged in PostgreSQL so that every replica shares
 * them. An advisory lock per address makes check-and-log atomic, so a burst of parallel attempts cannot slip
 * past the limit.
 */
@Component
public class LoginRateLimiter {

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlStatements sql;
    private final int attemptsPerMinute;

    public LoginRateLimiter(NamedParameterJdbcTemplate jdbc, SqlStatements sql, GatewayProperties properties) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.attemptsPerMinute = properties.auth().loginAttemptsPerMinute();
    }

    /** Counts one attempt, or refuses it with 429 when the address already made its limit in the last minute. */
    @Transactional
    public void countAttempt(String clientAddress) {
        Map<String, Object> params = Map.of("client", clientAddress);
        jdbc.query(sql.get("auth/lock-login-client"), params, rs -> null);
        Map<String, Object> window = jdbc.queryForMap(sql.get("auth/recent-login-attempts"), params);
        if (((Number) window.get("attempts")).intValue() >= attemptsPerMinute) {
            long retryAfter = Math.max(1, ((Number) window.get("retry_after_seconds")).longValue());
            throw ApiException.tooManyRequests("Too many login attempts; try again in " + retryAfter + " s", retryAfter);
        }
        jdbc.update(sql.get("auth/insert-login-attempt"), params);
    }

    @Scheduled(fixedDelayString = "PT5M")
    public void forgetOldWindows() {
        jdbc.update(sql.get("auth/delete-old-login-attempts"), Map.of());
    }
}
