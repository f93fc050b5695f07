package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.chatgateway.system.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** bcrypt's cost as configured, and the bounded pool: a full queue answers 503 at once instead of waiting. */
class PasswordHashingTest {

    private final List<PasswordHashing> pools = new ArrayList<>();
    private final List<ExecutorService> callersToStop = new ArrayList<>();

    @AfterEach
    void stopPools() {
        pools.forEach(PasswordHashing::stop);
        callersToStop.forEach(ExecutorService::shutdownNow);
    }

    @Test
    void productionConfigurationHashesWithCost12() throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("production", java.util.Map.of("ENVIRONMENT", "production")));
        new YamlPropertySourceLoader().load("application.yaml", new FileSystemResource(Path.of("config/application.yaml")))
                .forEach(source -> environment.getPropertySources().addLast(source));
        assertThat(environment.getProperty("chatgateway.environment")).isEqualTo("production");

        PasswordHashingProperties properties = Binder.get(environment)
                .bindOrCreate("chatgateway.auth", Bindable.of(PasswordHashingProperties.class));
        PasswordHashing hashing = started(new PasswordHashing(properties));

        String hash = hashing.encode("a-production-password");
        assertThat(hash).startsWith("$2a$12$");
        assertThat(hashing.matches("a-production-password", hash)).isTrue();
        assertThat(properties.passwordHashingThreads()).as("the default: one per two cores").isZero();
        assertThat(hashing.threads()).isEqualTo(properties.threads());
    }

    @Test
    void byDefaultOneThreadHashesForEveryTwoCoresAndAtLeastOne() {
        PasswordHashingProperties byDefault = new PasswordHashingProperties(12, 0, 8);
        assertThat(byDefault.threadsFor(1)).isEqualTo(1);
        assertThat(byDefault.threadsFor(2)).isEqualTo(1);
        assertThat(byDefault.threadsFor(3)).isEqualTo(1);
        assertThat(byDefault.threadsFor(8)).isEqualTo(4);
        assertThat(new PasswordHashingProperties(12, 3, 8).threadsFor(8)).as("set").isEqualTo(3);
    }

    @Test
    void theCostIsWhatTheSettingSays() {
        PasswordHashing hashing = started(new PasswordHashing(new PasswordHashingProperties(4, 1, 1)));
        assertThat(hashing.encode("a-test-password")).startsWith("$2a$04$");
    }

    @Test
    void hashesRunOnThePoolsPlatformThreads() {
        PasswordHashing hashing = started(new PasswordHashing(new PasswordHashingProperties(4, 1, 1)));
        assertThat(hashing.run(() -> Thread.currentThread().getName())).startsWith("password-hashing-");
    }

    @Test
    void aFullQueueIsRefusedWith503AndRetryAfterWithoutWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        PasswordHashing hashing = started(new PasswordHashing(new BCryptPasswordEncoder(4), 1, 1));
        ExecutorService callers = Executors.newFixedThreadPool(2);
        callersToStop.add(callers);
        // one hash holds the only thread, one waits in the queue of one
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> hashing.run(() -> {
            running.countDown();
            return release.await(1, TimeUnit.MINUTES);
        }), callers);
        assertThat(running.await(1, TimeUnit.MINUTES)).isTrue();
        CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> hashing.encode("waits-its-turn"), callers);
        await().atMost(Duration.ofMinutes(1)).until(() -> hashing.queued() == 1);

        ApiException refused = catchThrowableOfType(ApiException.class, () -> hashing.encode("one-too-many"));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1L);
        assertThat(refused.detail()).contains("try again");
        assertThat(catchThrowableOfType(ApiException.class, () -> hashing.matches("one-too-many", "$2a$04$x")).status())
                .isEqualTo(503);

        release.countDown();
        assertThat(first.get(1, TimeUnit.MINUTES)).isTrue();
        assertThat(queued.get(1, TimeUnit.MINUTES)).startsWith("$2a$04$");
        assertThat(hashing.encode("room-again")).startsWith("$2a$04$");
    }

    @Test
    void newPasswordsAreLimitedTo72BytesOfUtf8() {
        assertThat(PasswordHashing.checkNewPassword("password", "x".repeat(72))).hasSize(72);
        // 30 × "é€" is 60 characters but 150 bytes: bcrypt would silently ignore all past the 72nd byte
        ApiException tooLong = catchThrowableOfType(ApiException.class,
                () -> PasswordHashing.checkNewPassword("password", "é€".repeat(30)));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.detail()).startsWith("password: must be at most 72 bytes");
        assertThat(catchThrowableOfType(ApiException.class,
                () -> PasswordHashing.checkNewPassword("password", "x".repeat(73))).detail())
                .isEqualTo("password: must be at most 72 characters");
        assertThat(catchThrowableOfType(ApiException.class,
                () -> PasswordHashing.checkNewPassword("password", "contains\0nul")).detail())
                .isEqualTo("password: must not contain NUL characters");
    }

    private PasswordHashing started(PasswordHashing hashing) {
        pools.add(hashing);
        return hashing;
    }
}
