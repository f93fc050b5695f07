package io.chatgateway.auth;

import java.util.Map;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.GatewayProperties;
import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Login attempts per client address and minute, counted in PostgreSQL so that every replica shares them. */
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

    /** Counts one attempt and refuses it with 429 once the address is over its limit. */
    public void countAttempt(String clientAddress) {
        Map<String, Object> window = jdbc.queryForMap(sql.get("auth/count-login-attempt"), Map.of("client", clientAddress));
        int attempts = ((Number) window.get("attempts")).intValue();
        if (attempts > attemptsPerMinute) {
            long retryAfter = Math.max(1, ((Number) window.get("retry_after_seconds")).longValue());
            throw ApiException.tooManyRequests("Too many login attempts; try again in " + retryAfter + " s", retryAfter);
        }
    }

    @Scheduled(fixedDelayString = "PT5M")
    public void forgetOldWindows() {
        jdbc.update(sql.get("auth/delete-old-login-attempts"), Map.of());
    }
}
