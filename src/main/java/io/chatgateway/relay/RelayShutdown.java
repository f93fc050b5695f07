package io.chatgateway.relay;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The end of graceful shutdown for streams. Spring's graceful shutdown gives running streams
 * SHUTDOWN_GRACE_PERIOD; this lifecycle stops right after that phase and cuts the answers still running,
 * so that each saves what n8n sent so far as {@code interrupted} and tells its client, before the web server
 * and Camel go away.
 */
@Component
class RelayShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayShutdown.class);
    private static final long SAVE_WAIT_MILLIS = 10_000;

    private final RelayWatchdog watchdog;
    private volatile boolean running;

    RelayShutdown(RelayWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        Set<Generation> active = watchdog.active();
        if (active.isEmpty()) {
            return;
        }
        log.warn("Shutting down: cutting {} running answer(s); their text so far is saved as interrupted", active.size());
        active.forEach(Generation::shutDown);
        long deadline = System.currentTimeMillis() + SAVE_WAIT_MILLIS;
        while (!watchdog.active().isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
