package io.chatgateway.auth;

import java.util.Set;
import java.util.UUID;

import io.chatgateway.system.Caller;

/**
 * Who is calling, as established from a verified token (or a team API key) and the database; never from a request
 * header. A session has no {@code apiKeyId}; an API key acts for its team with the role {@code user}, as the admin
 * who created it, limited to {@code agentIds} when that is not null.
 */
public record AuthenticatedUser(UUID userId, UUID teamId, String role, UUID apiKeyId, Set<UUID> agentIds)
        implements Caller {

    /** The servlet request attribute the authentication filter leaves for the Camel routes. */
    public static final String REQUEST_ATTRIBUTE = Caller.REQUEST_ATTRIBUTE;

    /** A signed-in user (a session). */
    public AuthenticatedUser(UUID userId, UUID teamId, String role) {
        this(userId, teamId, role, null, null);
    }

    public boolean isAdmin() {
        return "admin".equals(role);
    }

    public boolean isApiKey() {
        return apiKeyId != null;
    }

    /** Whether this caller may use the agent (an API key may be limited to some agents). */
    public boolean mayUseAgent(UUID agentId) {
        return agentIds == null || agentIds.contains(agentId);
    }
}
