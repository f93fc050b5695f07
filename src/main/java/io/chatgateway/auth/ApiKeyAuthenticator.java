package io.chatgateway.auth;

import java.util.Optional;

/** Establishes the caller from a team API key (implemented in the apikey package, which this one does not know). */
public interface ApiKeyAuthenticator {

    /** Every API key starts with it; a bearer token that does is never taken for a session token. */
    String PREFIX = "cgw_";

    /** The key's caller, or empty when the text is not a usable key (unknown, revoked, expired, malformed). */
    Optional<AuthenticatedUser> authenticate(String key);
}
