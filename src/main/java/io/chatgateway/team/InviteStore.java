package io.chatgateway.team;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The team_invites table. Tokens are looked up by their hash only. */
@Repository
public class InviteStore {

    private final JdbcClient jdbc;
    private final SqlStatements sql;

    public InviteStore(JdbcClient jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /** Newest first. */
    public List<Invite> list(UUID teamId) {
        return jdbc.sql(sql.get("team/list-invites")).param("team_id", teamId)
                .query((rs, row) -> new Invite(rs.getObject("id", UUID.class), rs.getString("role"),
                        rs.getString("email"), rs.getObject("expires_at", OffsetDateTime.class),
                        rs.getObject("used_at", OffsetDateTime.class), rs.getObject("used_by", UUID.class),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getString("status")))
                .list();
    }

    public CreatedInvite insert(UUID teamId, UUID createdBy, String token, String role, String email,
                                OffsetDateTime expiresAt) {
        return jdbc.sql(sql.get("team/insert-invite"))
                .param("team_id", teamId).param("created_by", createdBy).param("token_hash", InviteToken.hash(token))
                .param("role", role).param("email", email).param("expires_at", expiresAt)
                .query((rs, row) -> new CreatedInvite(rs.getObject("id", UUID.class), token, rs.getString("role"),
                        rs.getString("email"), rs.getObject("expires_at", OffsetDateTime.class),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .single();
    }

    /** The team and role of an unused, unexpired invite for this email (locked until the transaction ends). */
    Optional<Membership> findUsable(String token, String email) {
        return jdbc.sql(sql.get("team/find-usable-invite")).param("token_hash", InviteToken.hash(token)).param("email", email)
                .query((rs, row) -> new Membership(rs.getObject("team_id", UUID.class), rs.getString("role")))
                .optional();
    }

    void markUsed(String token, UUID userId) {
        jdbc.sql(sql.get("team/mark-invite-used")).param("token_hash", InviteToken.hash(token)).param("user_id", userId)
                .update();
    }
}
