package io.chatgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import io.chatgateway.support.TestAccounts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Password hashing cannot be used to flood a replica (issue 16): registrations are limited per client address like
 * logins, and when every hashing thread is busy and the queue is full, sign-ins are answered 503 at once.
 */
@GatewayTest
class SignInFloodTest extends ApiTestBase {

    @Value("${chatgateway.auth.registration-attempts-per-minute}")
    int registrationsPerMinute;

    @Autowired
    PasswordHashing hashing;

    @Test
    void registrationsBeyondTheLimitOfAClientAddressAre429WithRetryAfter() {
        ApiClient client = accounts.anonymous();
        for (int i = 0; i < 3; i++) {
            // refused before any hash (invalid fields) is not an attempt that counts
            assertThat(client.post("/api/auth/register", Map.of("email", "not-an-email", "password", TestAccounts.PASSWORD,
                    "team_name", "T")).status()).isEqualTo(422);
        }
        for (int i = 0; i < registrationsPerMinute; i++) {
            // a refused attempt (no such team) counts like a successful one: both cost a hash
            ApiClient.Response refused = register(client, Map.of("team_slug", "no-such-team-" + i));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        }
        ApiClient.Response limited = register(client, Map.of("team_name", "One too many"));
        assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
        assertThat(limited.json().get("detail").asText()).startsWith("Too many registration attempts");
        assertThat(Integer.parseInt(limited.header("Retry-After").orElseThrow())).isBetween(1, 60);
        assertThat(limited.sessionToken()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM teams WHERE name = 'One too many'", Integer.class)).isZero();

        // another address is not affected, nor are logins from the limited one
        assertThat(register(accounts.anonymous(), Map.of("team_name", "Another address")).status()).isEqualTo(201);
        assertThat(client.post("/api/auth/login", Map.of("email", "nobody@test.example", "password", "wrong-password"))
                .status()).isEqualTo(401);
    }

    @Test
    void wrongPasswordsKeepTheirOwnLimitOfFivePerMinute() {
        TestAccounts.Account admin = accounts.newTeamAdmin();
        ApiClient client = accounts.anonymous();
        Map<String, String> wrong = Map.of("email", admin.email(), "password", "not-the-password");
        for (int i = 0; i < 5; i++) {
            assertThat(client.post("/api/auth/login", wrong).status()).isEqualTo(401);
        }
        ApiClient.Response limited = client.post("/api/auth/login", wrong);
        assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
        assertThat(limited.json().get("detail").asText()).startsWith("Too many login attempts");
        assertThat(limited.header("Retry-After")).isPresent();
    }

    @Test
    void withEveryHashingThreadBusyAndTheQueueFullSignInsAre503AtOnce() throws Exception {
        TestAccounts.Account admin = accounts.newTeamAdmin();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> blockers = new ArrayList<>();
        // a thread per blocker: the common pool may have fewer threads than the blockers
        ExecutorService callers = Executors.newCachedThreadPool();
        try {
            for (int i = 0; i < hashing.threads(); i++) {
                blockers.add(CompletableFuture.supplyAsync(() -> hashing.run(() -> release.await(1, TimeUnit.MINUTES)), callers));
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> hashing.busy() == hashing.threads());
            while (hashing.queued() < hashing.queueCapacity()) {
                int queued = hashing.queued();
                blockers.add(CompletableFuture.supplyAsync(() -> hashing.run(() -> release.await(1, TimeUnit.MINUTES)), callers));
                await().atMost(Duration.ofMinutes(1)).until(() -> hashing.queued() > queued);
            }

            // answered while the pool stays blocked: nothing waited for a hashing thread
            ApiClient.Response login = accounts.anonymous().post("/api/auth/login",
                    Map.of("email", admin.email(), "password", TestAccounts.PASSWORD));
            assertBusy(login);
            ApiClient.Response registration = register(accounts.anonymous(), Map.of("team_name", "Busy"));
            assertBusy(registration);
            assertThat(registration.sessionToken()).isEmpty();
        } finally {
            release.countDown();
            callers.shutdown();
        }
        for (CompletableFuture<Boolean> blocker : blockers) {
            assertThat(blocker.get(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(accounts.anonymous().post("/api/auth/login",
                Map.of("email", admin.email(), "password", TestAccounts.PASSWORD)).status()).isEqualTo(200);
    }

    private static void assertBusy(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.header("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.json().get("detail").asText()).startsWith("Too many sign-ins and registrations");
        assertThat(response.header("Retry-After")).hasValue("1");
    }

    private static ApiClient.Response register(ApiClient client, Map<String, String> how) {
        Map<String, String> body = new java.util.HashMap<>(how);
        body.put("email", TestAccounts.uniqueEmail("flood"));
        body.put("password", TestAccounts.PASSWORD);
        return client.post("/api/auth/register", body);
    }
}
