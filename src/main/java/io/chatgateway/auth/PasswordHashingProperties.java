package io.chatgateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How passwords are hashed, bound from {@code chatgateway.auth.*} (see config/application.yaml).
 *
 * @param bcryptCost             bcrypt's work factor: every step doubles the time of one hash
 * @param passwordHashingThreads platform threads that hash; 0: one per CPU core
 * @param passwordHashingQueue   hashes that may wait for a thread; one more is refused with 503
 */
@ConfigurationProperties("chatgateway.auth")
public record PasswordHashingProperties(
        @DefaultValue("12") int bcryptCost,
        @DefaultValue("0") int passwordHashingThreads,
        @DefaultValue("8") int passwordHashingQueue) {

    public int threads() {
        return passwordHashingThreads > 0 ? passwordHashingThreads : Runtime.getRuntime().availableProcessors();
    }
}
