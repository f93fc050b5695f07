package io.chatgateway.auth;

import java.util.UUID;

import io.chatgateway.system.Caller;

/** Who is calling, as established from a verified token and the users table; never from a request header. */
public record AuthenticatedUser(UUID userId, UUID teamId, String role) implements Caller {

    /** The servlet request attribute the authentication filter leaves for the Camel routes. */
    public static final String REQUEST_ATTRIBUTE = Caller.REQUEST_ATTRIBUTE;

    public boolean isAdmin() {
        return "admin".equals(role);
    }
}
