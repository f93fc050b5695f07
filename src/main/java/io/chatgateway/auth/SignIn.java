package io.chatgateway.auth;

import java.util.UUID;

import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/** Starts and ends a browser session: a fresh token in the {@code access_token} cookie, or the cookie cleared. */
@Component
public class SignIn {

    private final JwtService jwt;
    private final AuthCookie cookie;

    public SignIn(JwtService jwt, AuthCookie cookie) {
        this.jwt = jwt;
        this.cookie = cookie;
    }

    public void start(Message response, UUID userId, UUID teamId, String role, int tokenVersion) {
        response.setHeader("Set-Cookie", cookie.issue(jwt.issue(userId, teamId, role, tokenVersion), jwt.expiry()));
    }

    public void end(Message response) {
        response.setHeader("Set-Cookie", cookie.clear());
    }
}
