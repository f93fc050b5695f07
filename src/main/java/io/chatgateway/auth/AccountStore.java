package io.chatgateway.auth;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The users table as authentication sees it. */
@Repository
public class AccountStore {

    private final JdbcClient jdbc;
    private final SqlStatements sql;

    public AccountStore(JdbcClient jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /** The caller behind a verified token, if the user is still active and the token not revoked. */
    public Optional<AuthenticatedUser> findActiveSession(UUID userId, int tokenVersion) {
        return jdbc.sql(sql.get("auth/find-active-session"))
                .param("id", userId)
                .param("version", tokenVersion)
                .query((rs, row) -> new AuthenticatedUser(userId, rs.getObject("team_id", UUID.class), rs.getString("role")))
                .optional();
    }

    /** What a login is checked against; the email is compared case-insensitively. */
    public Optional<Credentials> findCredentials(String email) {
        return jdbc.sql(sql.get("auth/find-credentials"))
                .param("email", email)
                .query((rs, row) -> new Credentials(rs.getObject("id", UUID.class), rs.getObject("team_id", UUID.class),
                        rs.getString("role"), rs.getBoolean("is_active"), rs.getString("password_hash"),
                        rs.getInt("token_version")))
                .optional();
    }

    public CurrentUserView profile(UUID userId) {
        return jdbc.sql(sql.get("auth/find-profile"))
                .param("id", userId)
                .query((rs, row) -> new CurrentUserView(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("name"), rs.getString("role"), rs.getBoolean("is_active"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        new CurrentUserView.UserTeam(rs.getObject("team_id", UUID.class), rs.getString("team_name"),
                                rs.getString("team_slug"))))
                .single();
    }

    public void revokeTokens(UUID userId) {
        jdbc.sql(sql.get("auth/revoke-tokens")).param("id", userId).update();
    }

    public record Credentials(UUID userId, UUID teamId, String role, boolean active, String passwordHash,
                              int tokenVersion) {
    }
}
