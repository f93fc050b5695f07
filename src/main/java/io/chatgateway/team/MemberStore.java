package io.chatgateway.team;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The users table as a team sees it: its members. */
@Repository
public class MemberStore {

    private static final RowMapper<Member> MEMBER = (rs, row) -> new Member(rs.getObject("id", UUID.class),
            rs.getString("email"), rs.getString("name"), rs.getString("role"), rs.getBoolean("is_active"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));

    private final JdbcClient jdbc;
    private final SqlStatements sql;

    public MemberStore(JdbcClient jdbc, SqlStatements sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    /** Oldest first. */
    public List<Member> list(UUID teamId) {
        return jdbc.sql(sql.get("team/list-members")).param("team_id", teamId).query(MEMBER).list();
    }

    public Optional<Member> find(UUID teamId, UUID memberId) {
        return jdbc.sql(sql.get("team/find-member")).param("team_id", teamId).param("id", memberId)
                .query(MEMBER).optional();
    }

    /** Null fields stay as they are; a changed role or activation revokes the member's tokens. */
    public Member update(UUID teamId, UUID memberId, String role, Boolean active) {
        return jdbc.sql(sql.get("team/update-member"))
                .param("team_id", teamId).param("id", memberId).param("role", role).param("is_active", active)
                .query(MEMBER).single();
    }

    public int countOtherActiveAdmins(UUID teamId, UUID memberId) {
        return jdbc.sql(sql.get("team/count-other-active-admins")).param("team_id", teamId).param("id", memberId)
                .query(Integer.class).single();
    }

    public UUID add(UUID teamId, String email, String name, String passwordHash, String role) {
        return jdbc.sql(sql.get("team/insert-user"))
                .param("team_id", teamId).param("email", email).param("name", name)
                .param("password_hash", passwordHash).param("role", role)
                .query(UUID.class).single();
    }

    /** In any team, whatever the case. */
    public boolean emailInUse(String email) {
        return jdbc.sql(sql.get("team/email-in-use")).param("email", email).query(Boolean.class).single();
    }

    public boolean anyUserExists() {
        return jdbc.sql(sql.get("team/any-user-exists")).query(Boolean.class).single();
    }
}
