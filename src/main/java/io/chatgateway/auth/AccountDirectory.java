package io.chatgateway.auth;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.chatgateway.system.SqlStatements;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The users table as authentication sees it. */
@Repository
public class AccountDirectory {

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlStatements sql;

    public AccountDirectory(NamedParameterJdbcTemplate jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /** The caller behind a verified token, if the user is still active and the token not revoked. */
    public Optional<AuthenticatedUser> findActiveSession(UUID userId, int tokenVersion) {
        return jdbc.query(sql.get("auth/find-active-session"), Map.of("id", userId, "version", tokenVersion),
                rs -> rs.next()
                        ? Optional.of(new AuthenticatedUser(userId, rs.getObject("team_id", UUID.class), rs.getString("role")))
                        : Optional.empty());
    }

    public Optional<Map<String, Object>> findByEmail(String email) {
        try {
            return Optional.of(jdbc.queryForMap(sql.get("auth/find-user-by-email"), Map.of("email", email)));
        } catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }

    public Map<String, Object> profile(UUID userId) {
        return jdbc.queryForMap(sql.get("auth/find-profile"), Map.of("id", userId));
    }

    public void revokeTokens(UUID userId) {
        jdbc.update(sql.get("auth/revoke-tokens"), Map.of("id", userId));
    }
}
