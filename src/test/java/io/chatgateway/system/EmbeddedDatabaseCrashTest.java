package io.chatgateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.chatgateway.ChatGatewayApplication;
import io.chatgateway.support.ApiClient;
import io.chatgateway.support.TestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service killed with SIGKILL leaves its embedded PostgreSQL running on the data folder (a process of its own).
 * The next start in that folder stops the leftover server and starts on the same data. Real processes: the service
 * runs as a separate JVM in development mode, as {@code ./mvnw spring-boot:run} runs it.
 */
class EmbeddedDatabaseCrashTest {

    /** Only a bound for a start that hangs; nothing is asserted about how long a start takes. */
    private static final long START_LIMIT_SECONDS = 300;

    @TempDir
    Path folder;

    private final List<Process> services = new ArrayList<>();

    @Test
    void aRestartAfterKill9StopsTheLeftoverPostgresAndKeepsTheData() throws Exception {
        Path dataDir = folder.resolve("postgres");
        int port = freePort();
        Process first = start(dataDir, port, "first.log");
        String email = TestAccounts.uniqueEmail("crash");
        ApiClient.Response registered = new ApiClient(port).post("/api/auth/register", Map.of("email", email,
                "password", TestAccounts.PASSWORD, "team_name", "Crash test team"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);

        first.destroyForcibly().waitFor();
        long leftoverPid = postmasterPid(dataDir).orElseThrow(() -> new AssertionError("no postmaster.pid after kill -9"));
        assertThat(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive)).as("the leftover server").contains(true);

        Process second = start(dataDir, port, "second.log");

        assertThat(ProcessHandle.of(leftoverPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        ApiClient.Response login = new ApiClient(port).post("/api/auth/login",
                Map.of("email", email, "password", TestAccounts.PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(Files.readString(folder.resolve("second.log")))
                .contains("left running in " + dataDir.toAbsolutePath())
                .doesNotContain("Application run failed");

        second.destroy();
        assertThat(second.waitFor(START_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(postmasterPid(dataDir)).as("a clean stop removes postmaster.pid").isEmpty();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Process service : services) {
            service.destroyForcibly().waitFor();
        }
        Optional<Long> leftover = postmasterPid(folder.resolve("postgres"));
        if (leftover.isPresent()) {
            ProcessHandle.of(leftover.get()).ifPresent(ProcessHandle::destroy);
        }
    }

    /** The service in a JVM of its own on the test class path, ready (readiness 200) when this returns. */
    private Process start(Path dataDir, int port, String logName) throws Exception {
        Path log = folder.resolve(logName);
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                ChatGatewayApplication.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.equals("DATABASE_URL") || name.equals("ENVIRONMENT")
                || name.equals("MANAGEMENT_PORT"));
        environment.put("PORT", String.valueOf(port));
        environment.put("EMBEDDED_DATABASE_DIR", dataDir.toString());
        environment.put("REGISTRATION_MODE", "open");
        Process service = builder.start();
        services.add(service);
        ApiClient api = new ApiClient(port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_LIMIT_SECONDS);
        while (true) {
            if (!service.isAlive()) {
                throw new AssertionError("the service ended (exit " + service.exitValue() + ") before it was ready:\n"
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service was not ready after " + START_LIMIT_SECONDS + " s:\n"
                        + Files.readString(log));
            }
            if (readiness(api) == 200) {
                return service;
            }
            Thread.sleep(250);
        }
    }

    private static int readiness(ApiClient api) {
        try {
            return api.get("/actuator/health/readiness").status();
        } catch (RuntimeException notListeningYet) {
            return -1;
        }
    }

    private static Optional<Long> postmasterPid(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        return Files.readAllLines(pidFile).stream().findFirst().map(String::trim).map(Long::parseLong);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
