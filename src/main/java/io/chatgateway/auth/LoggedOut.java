package io.chatgateway.auth;

/** {@code POST /api/auth/logout}'s answer. */
public record LoggedOut(String message) {

    static final LoggedOut INSTANCE = new LoggedOut("Logged out");
}
