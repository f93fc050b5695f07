package io.chatgateway.team;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.chatgateway.auth.ActiveSessions;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.NotFoundException;
import io.chatgateway.system.SqlStatements;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes a member's role or activation. Java rather than one SQL statement because "never leave a team
 * without an active admin" needs the team locked while it is checked: two admins demoting each other at the
 * same moment must not both succeed.
 */
@Component("teamMembers")
public class TeamMembers {

    private final NamedParameterJdbcTemplate jdbc;
    private final SqlStatements sql;
    private final ActiveSessions sessions;

    public TeamMembers(NamedParameterJdbcTemplate jdbc, SqlStatements sql, ActiveSessions sessions) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.sessions = sessions;
    }

    @Transactional
    public Map<String, Object> update(@Variable("memberId") UUID memberId, @Variable("teamId") UUID teamId,
                                      @Body Map<String, Object> changes) {
        Map<String, Object> params = new HashMap<>(changes);
        params.put("id", memberId);
        params.put("team_id", teamId);
        jdbc.queryForList(sql.get("team/lock-team"), params);
        Map<String, Object> member = jdbc.query(sql.get("team/find-member"), params,
                rs -> rs.next() ? Map.<String, Object>of("role", rs.getString("role"), "is_active", rs.getBoolean("is_active")) : null);
        if (member == null) {
            throw new NotFoundException("Member not found");
        }
        String role = changes.get("role") == null ? (String) member.get("role") : (String) changes.get("role");
        boolean active = changes.get("is_active") == null ? (Boolean) member.get("is_active") : (Boolean) changes.get("is_active");
        boolean staysActiveAdmin = "admin".equals(role) && active;
        Integer otherAdmins = jdbc.queryForObject(sql.get("team/count-other-active-admins"), params, Integer.class);
        if (!staysActiveAdmin && "admin".equals(member.get("role")) && Boolean.TRUE.equals(member.get("is_active"))
                && (otherAdmins == null || otherAdmins == 0)) {
            throw ApiException.conflict("The team's last active admin cannot be demoted or deactivated");
        }
        Map<String, Object> updated = jdbc.queryForMap(sql.get("team/update-member"), params);
        sessions.evict(memberId);
        return updated;
    }
}
