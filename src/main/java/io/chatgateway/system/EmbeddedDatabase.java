package io.chatgateway.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

/**
 * A real PostgreSQL run from the zonky binaries when no DATABASE_URL is given. One instance per data folder
 * and JVM, so that several application contexts (as in the test suite) share one server. Development and tests
 * only: the packaged jar leaves zonky out (pom.xml), so {@link #isInThisBuild()} is false there.
 */
public final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Map<String, EmbeddedPostgres> RUNNING = new HashMap<>();
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(30);

    private EmbeddedDatabase() {
    }

    /** Whether this build carries the embedded PostgreSQL (development and tests do, the packaged jar does not). */
    public static boolean isInThisBuild() {
        return ClassUtils.isPresent("io.zonky.test.db.postgres.embedded.EmbeddedPostgres",
                EmbeddedDatabase.class.getClassLoader());
    }

    static DatabaseStartupException notInThisBuild() {
        return new DatabaseStartupException(
                "DATABASE_URL is not set, and this jar has no embedded PostgreSQL (the packaged jar leaves it out).",
                "Set DATABASE_URL=postgresql://user:password@host:5432/database; for development without a "
                        + "database use ./mvnw spring-boot:run, or build the jar with ./mvnw -Pembedded-database package.");
    }

    /** @param dataDir folder that keeps the data across restarts, or blank for throw-away data */
    public static synchronized EmbeddedPostgres start(String dataDir) {
        String key = dataDir == null ? "" : dataDir.trim();
        return RUNNING.computeIfAbsent(key, EmbeddedDatabase::launch);
    }

    /** A new server on the folder; callers other than {@link #start} (tests) close it themselves. */
    static EmbeddedPostgres launch(String dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            File folder = null;
            if (!dataDir.isEmpty()) {
                folder = new File(dataDir).getAbsoluteFile();
                folder.mkdirs();
                LeftoverPostgres.stopIfAny(folder.toPath(), LEFTOVER_STOP_WAIT);
                builder.setDataDirectory(folder).setCleanDataDirectory(false);
            }
            EmbeddedPostgres postgres = startOrExplain(builder, folder);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
            log.info("Embedded PostgreSQL started on port {} ({})", postgres.getPort(),
                    dataDir.isEmpty() ? "throw-away data" : "data in " + dataDir);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres startOrExplain(EmbeddedPostgres.Builder builder, File folder) throws IOException {
        try {
            return builder.start();
        } catch (IllegalStateException e) {
            // zonky's "could not lock <folder>/epg-lock": another service took the folder since the check above
            if (folder != null && String.valueOf(e.getMessage()).contains(LeftoverPostgres.LOCK_FILE)) {
                throw LeftoverPostgres.inUse(folder.toPath());
            }
            throw e;
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
