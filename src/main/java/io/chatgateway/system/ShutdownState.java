package io.chatgateway.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Whether the service is shutting down (SIGTERM received, the application context is closing), and the drain
 * that starts it. Spring Boot has turned readiness to REFUSING_TRAFFIC before this listener runs; it then holds the
 * shutdown for SHUTDOWN_DRAIN_DELAY while everything keeps running (the web server accepts connections, the
 * management port answers readiness DOWN, {@link ShutdownGate} answers new sends 503), so that load balancers
 * stop sending here before the web server stops accepting connections. Then Spring's graceful shutdown gives
 * running streams SHUTDOWN_GRACE_PERIOD. It also counts the requests in progress, so the last shutdown step can
 * wait for their responses to be complete.
 */
@Component
public class ShutdownState implements ApplicationListener<ContextClosedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ShutdownState.class);

    private final ApplicationContext context;
    private final Duration drainDelay;
    private final AtomicInteger openRequests = new AtomicInteger();
    private volatile boolean shuttingDown;

    public ShutdownState(ApplicationContext context,
                         @Value("${chatgateway.shutdown.drain-delay:0s}") Duration drainDelay) {
        this.context = context;
        this.drainDelay = drainDelay;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        // the management server's child context closes too; only this context's closing counts
        if (event.getApplicationContext() == context) {
            shuttingDown = true;
            drain();
        }
    }

    private void drain() {
        if (drainDelay.isNegative() || drainDelay.isZero()) {
            return;
        }
        log.info("Shutting down: readiness is DOWN and new sends are answered 503 for {} s (SHUTDOWN_DRAIN_DELAY), "
                + "then running streams get the grace period", drainDelay.toSeconds());
        try {
            Thread.sleep(drainDelay.toMillis());
        } catch (InterruptedException e) {
            // an interrupt only ends the drain early: the rest of the shutdown (grace period, saving cut answers)
            // must still wait as configured, which it would not with the interrupt flag set
            log.info("Drain ended early");
        }
    }

    /**
     * First among the listeners to the context's closing: the management server's context is closed by another
     * listener, and must keep answering readiness DOWN during the drain.
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Requests of the API port whose response is not complete yet. */
    public int openRequests() {
        return openRequests.get();
    }

    void requestStarted() {
        openRequests.incrementAndGet();
    }

    void requestEnded() {
        openRequests.decrementAndGet();
    }
}
