package io.chatgateway.team;

import java.util.List;
import java.util.UUID;

import io.chatgateway.auth.ActiveSessions;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.NotFoundException;
import io.chatgateway.system.RequestBodies;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code /api/team/members}: lists members and changes a member's role or activation. The team is locked while a
 * change is checked against "never leave a team without an active admin": two admins demoting each other at the
 * same moment must not both succeed.
 */
@Component("teamMembers")
public class TeamMembers {

    private final MemberStore members;
    private final TeamStore teams;
    private final ActiveSessions sessions;

    public TeamMembers(MemberStore members, TeamStore teams, ActiveSessions sessions) {
        this.members = members;
        this.teams = teams;
        this.sessions = sessions;
    }

    public List<Member> list(@Variable("teamId") UUID teamId) {
        return members.list(teamId);
    }

    @Transactional
    public Member update(@Variable("memberId") UUID memberId, @Variable("teamId") UUID teamId,
                         @Body UpdateMemberRequest body) {
        UpdateMemberRequest changes = RequestBodies.require(body).checked();
        teams.lock(teamId);
        Member member = members.find(teamId, memberId).orElseThrow(() -> new NotFoundException("Member not found"));
        String role = changes.role() == null ? member.role() : changes.role();
        boolean active = changes.isActive() == null ? member.isActive() : changes.isActive();
        boolean staysActiveAdmin = active && "admin".equals(role);
        if (member.isActiveAdmin() && !staysActiveAdmin && members.countOtherActiveAdmins(teamId, memberId) == 0) {
            throw ApiException.conflict("The team's last active admin cannot be demoted or deactivated");
        }
        Member updated = members.update(teamId, memberId, changes.role(), changes.isActive());
        sessions.evict(memberId);
        return updated;
    }
}
