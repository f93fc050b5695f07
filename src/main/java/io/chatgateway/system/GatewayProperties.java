package io.chatgateway.system;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Everything an operator configures, bound from {@code chatgateway.*} (see config/application.yaml). */
@ConfigurationProperties("chatgateway")
public record GatewayProperties(
        String environment,
        Database database,
        Jwt jwt,
        Auth auth,
        Bootstrap bootstrap,
        Request request) {

    public boolean isProduction() {
        return "production".equalsIgnoreCase(environment);
    }

    public record Database(String url, String embeddedDataDir, int poolSize) {
    }

    public record Jwt(String secret, String issuer, Duration expiry) {
    }

    public record Auth(String registrationMode, int loginAttemptsPerMinute, String trustedProxies,
                       String allowedOrigins, Duration inviteTtl) {

        public boolean openRegistration() {
            return "open".equalsIgnoreCase(registrationMode);
        }

        public List<String> allowedOriginList() {
            return commaList(allowedOrigins);
        }

        public List<String> trustedProxyList() {
            return commaList(trustedProxies);
        }
    }

    public record Bootstrap(String adminEmail, String adminPassword, String teamName) {
    }

    public record Request(DataSize maxBodySize) {
    }

    static List<String> commaList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
