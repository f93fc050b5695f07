package io.chatgateway.team;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.chatgateway.system.GatewayProperties;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** {@code /api/team/invites}: one-time invites; revoking one is a plain delete in routes/team.camel.yaml. */
@Component("teamInvites")
public class TeamInvites {

    private final InviteStore invites;
    private final Duration defaultTtl;

    public TeamInvites(InviteStore invites, GatewayProperties properties) {
        this.invites = invites;
        this.defaultTtl = properties.auth().inviteTtl();
    }

    public List<Invite> list(@Variable("teamId") UUID teamId) {
        return invites.list(teamId);
    }

    /**
     * The body is optional: absent, empty or blank asks for an invite with the defaults. A blank body is not bound
     * (the REST binding skips bodies that are only white space) and arrives as the text it is, hence {@code Object}.
     */
    public CreatedInvite create(@Variable("teamId") UUID teamId, @Variable("userId") UUID userId, @Body Object body) {
        CreateInviteRequest request =
                (body instanceof CreateInviteRequest sent ? sent : CreateInviteRequest.DEFAULTS).checked();
        Duration ttl = request.expiresInHours() == null ? defaultTtl : Duration.ofHours(request.expiresInHours());
        return invites.insert(teamId, userId, InviteToken.create(), request.role(), request.email(),
                OffsetDateTime.now(ZoneOffset.UTC).plus(ttl));
    }
}
