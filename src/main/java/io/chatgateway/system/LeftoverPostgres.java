package io.chatgateway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as a process of its own: when the service is killed (kill -9, the OOM killer, a
 * closed terminal) it keeps running on the data folder, and the next start could not start another one there.
 * Before a start, such a leftover server is stopped; a folder that a running service still uses is refused.
 */
final class LeftoverPostgres {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostgres.class);
    /** The lock file zonky's EmbeddedPostgres holds while it runs a server on the folder. */
    static final String LOCK_FILE = "epg-lock";
    static final String PID_FILE = "postmaster.pid";

    private LeftoverPostgres() {
    }

    /** Stops the PostgreSQL left running on {@code dataDir} by a service that no longer runs, if there is one. */
    static void stopIfAny(Path dataDir, Duration wait) {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dataDir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw inUse(dataDir);
            }
            // no service holds the folder: a server still running on it is left over
            Optional<ProcessHandle> server = serverOf(pidFile, dataDir);
            if (server.isPresent()) {
                stop(server.get(), dataDir, wait);
            }
        } catch (OverlappingFileLockException sameProcess) {
            throw inUse(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not check " + dataDir + " for a PostgreSQL left running", e);
        }
    }

    static DatabaseStartupException inUse(Path dataDir) {
        return new DatabaseStartupException(
                "The embedded PostgreSQL's folder " + dataDir + " is in use by another running Chat Gateway.",
                "Stop the other instance, or give this one its own folder with EMBEDDED_DATABASE_DIR "
                        + "(empty: throw-away data).");
    }

    /** The live postgres process postmaster.pid names, if that really is a postgres on this folder. */
    private static Optional<ProcessHandle> serverOf(Path pidFile, Path dataDir) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            // a stale file (the server died too): PostgreSQL replaces it itself
            return Optional.empty();
        }
        Optional<String> command = process.get().info().command();
        if (command.isPresent() && !command.get().endsWith("postgres")) {
            // the PID was reused after the server died (e.g. a reboot): the file is stale, but PostgreSQL would
            // take the live process for another server and refuse to start
            log.warn("Removing the stale {} in {} (PID {} is now {})", PID_FILE, dataDir, pid, command.get());
            Files.delete(pidFile);
            return Optional.empty();
        }
        if (command.isEmpty()) {
            throw new DatabaseStartupException(
                    "A process (PID " + pid + ") that this user cannot inspect holds the embedded PostgreSQL's folder "
                            + dataDir + ".",
                    "Stop it (kill " + pid + ") and start again.");
        }
        return process;
    }

    private static void stop(ProcessHandle server, Path dataDir, Duration wait) {
        log.warn("Stopping the embedded PostgreSQL (PID {}) left running in {} by an earlier start that did not "
                + "stop (killed?)", server.pid(), dataDir);
        // SIGTERM: PostgreSQL's smart shutdown, which waits for clients; the old service's connections died with it
        server.destroy();
        try {
            server.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DatabaseStartupException(
                    "The embedded PostgreSQL (PID " + server.pid() + ") left running in " + dataDir
                            + " did not stop within " + wait.toSeconds() + " s (clients still connected?).",
                    "Close its clients or stop it (kill " + server.pid() + "), then start again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping the leftover PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        log.info("The leftover PostgreSQL stopped; starting it again on the same data");
    }
}
