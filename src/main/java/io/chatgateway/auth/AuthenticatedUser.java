package io.chatgateway.auth;

import java.util.UUID;

/** Who is calling, as established from a verified token and the users table; never from a request header. */
public record AuthenticatedUser(UUID userId, UUID teamId, String role) {

    /** The servlet request attribute the authentication filter leaves for the Camel routes. */
    public static final String REQUEST_ATTRIBUTE = AuthenticatedUser.class.getName();

    public boolean isAdmin() {
        return "admin".equals(role);
    }
}
