package io.chatgateway.system;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * Whether the service is shutting down (SIGTERM received, the application context is closing). From then on,
 * readiness reports REFUSING_TRAFFIC (Spring Boot), new sends are refused ({@link ShutdownGate}) and running
 * streams get the grace period SHUTDOWN_GRACE_PERIOD; long-running work can consult {@link #isShuttingDown()}.
 */
@Component
public class ShutdownState implements ApplicationListener<ContextClosedEvent> {

    private final ApplicationContext context;
    private volatile boolean shuttingDown;

    public ShutdownState(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        // the management server's child context closes too; only this context's closing counts
        if (event.getApplicationContext() == context) {
            shuttingDown = true;
        }
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }
}
