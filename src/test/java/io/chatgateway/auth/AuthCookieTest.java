package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.chatgateway.system.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class AuthCookieTest {

    @Test
    void developmentCookieIsStrictHttpOnlyButNotSecure() {
        String cookie = new AuthCookie(properties("development")).issue("t", Duration.ofHours(1));
        assertThat(cookie).startsWith("access_token=t;").contains("Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=3600")
                .doesNotContain("Secure");
    }

    @Test
    void productionCookieIsSecure() {
        AuthCookie cookie = new AuthCookie(properties("production"));
        assertThat(cookie.issue("t", Duration.ofHours(1))).contains("Secure", "HttpOnly", "SameSite=Strict", "Path=/");
        assertThat(cookie.clear()).contains("Secure", "Max-Age=0", "Path=/");
    }

    static GatewayProperties properties(String environment) {
        return new GatewayProperties(environment, new GatewayProperties.Database("", "", 2),
                new GatewayProperties.Jwt(null, "chat-gateway", Duration.ofHours(1)),
                new GatewayProperties.Auth("invite", 5, "", "", Duration.ofDays(7)),
                new GatewayProperties.Bootstrap(null, null, "Default team"),
                new GatewayProperties.Request(DataSize.ofMegabytes(1)));
    }
}
