package io.chatgateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How passwords are hashed, bound from {@code chatgateway.auth.*} (see config/application.yaml).
 *
 * @param bcryptCost             bcrypt's work factor: every step doubles the time of one hash
 * @param passwordHashingThreads platform threads that hash; 0: one per two CPU cores (at least one), so that a flood
 *                               of sign-ins leaves half the CPU to the streams (bench B8: with one thread per core
 *                               a flood more than doubled their time to first token on two cores)
 * @param passwordHashingQueue   hashes that may wait for a thread; one more is refused with 503
 */
@ConfigurationProperties("chatgateway.auth")
public record PasswordHashingProperties(
        @DefaultValue("12") int bcryptCost,
        @DefaultValue("0") int passwordHashingThreads,
        @DefaultValue("8") int passwordHashingQueue) {

    public int threads() {
        return threadsFor(Runtime.getRuntime().availableProcessors());
    }

    int threadsFor(int processors) {
        return passwordHashingThreads > 0 ? passwordHashingThreads : Math.max(1, processors / 2);
    }
}
