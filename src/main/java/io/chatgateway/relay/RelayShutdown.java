package io.chatgateway.relay;

import java.util.Set;

import io.chatgateway.system.ShutdownState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The end of graceful shutdown for streams. Spring's graceful shutdown gives running streams
 * SHUTDOWN_GRACE_PERIOD; this lifecycle stops right after that phase and cuts the answers still running,
 * so that each saves what n8n sent so far as {@code interrupted} and tells its client. It returns only when
 * their requests are complete (the last event and the end of the response written, see ShutdownGate): the next
 * phase stops the web server, which closes every connection, and a client whose stream was closed before its
 * end would see a broken response instead of the {@code shutdown} event.
 */
@Component
class RelayShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayShutdown.class);
    private static final long SAVE_WAIT_MILLIS = 10_000;

    private final RelayWatchdog watchdog;
    private final ShutdownState shutdown;
    private volatile boolean running;

    RelayShutdown(RelayWatchdog watchdog, ShutdownState shutdown) {
        this.watchdog = watchdog;
        this.shutdown = shutdown;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        Set<Generation> active = watchdog.active();
        if (!active.isEmpty()) {
            log.warn("Shutting down: cutting {} running answer(s); their text so far is saved as interrupted",
                    active.size());
            active.forEach(Generation::shutDown);
        }
        long deadline = System.currentTimeMillis() + SAVE_WAIT_MILLIS;
        while ((!watchdog.active().isEmpty() || shutdown.openRequests() > 0) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (shutdown.openRequests() > 0) {
            log.warn("Shutting down: {} request(s) still open after {} s; the web server stops now",
                    shutdown.openRequests(), SAVE_WAIT_MILLIS / 1000);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops just after the web server's graceful-shutdown phase has waited for running requests. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1;
    }
}
