package io.chatgateway.auth;

import java.time.Duration;

import io.chatgateway.system.GatewayProperties;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/** The {@code access_token} cookie: httpOnly, SameSite=Strict, Path=/, Secure in production. */
@Component
public class AuthCookie {

    public static final String NAME = "access_token";

    private final boolean secure;

    public AuthCookie(GatewayProperties properties) {
        this.secure = properties.isProduction();
    }

    public String issue(String token, Duration maxAge) {
        return build(token, maxAge);
    }

    public String clear() {
        return build("", Duration.ZERO);
    }

    private String build(String value, Duration maxAge) {
        return ResponseCookie.from(NAME, value)
                .httpOnly(true)
                .secure(secure)
                .sameSite("Strict")
                .path("/")
                .maxAge(maxAge)
                .build()
                .toString();
    }
}
