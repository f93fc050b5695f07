package io.chatgateway.relay;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Enforces the stream timeouts and sends heartbeats for every active generation from one timer thread. Each
 * generation is checked when its next deadline falls due (not per event); a timeout aborts the upstream
 * stream, which ends the generation's blocked read. Heartbeat writes run on their own (virtual, on Java 21+)
 * threads so that one slow client never holds up the timer.
 */
@Component
class RelayWatchdog implements DisposableBean {

    private final ScheduledThreadPoolExecutor timer;
    private final SimpleAsyncTaskExecutor writers = new SimpleAsyncTaskExecutor("relay-heartbeat-");
    private final Map<Generation, ScheduledFuture<?>> checks = new ConcurrentHashMap<>();

    RelayWatchdog() {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "relay-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        if (Runtime.version().feature() >= 21) {
            writers.setVirtualThreads(true);
        }
    }

    /** Checks the generation now and from then on when due; call again when its deadlines moved earlier. */
    void watch(Generation generation) {
        schedule(generation, generation.check(System.nanoTime()));
    }

    void unwatch(Generation generation) {
        ScheduledFuture<?> check = checks.remove(generation);
        if (check != null) {
            check.cancel(false);
        }
    }

    /** The generations running right now (on this replica). */
    Set<Generation> active() {
        return Set.copyOf(checks.keySet());
    }

    void write(Runnable write) {
        writers.execute(write);
    }

    private void schedule(Generation generation, long delayNanos) {
        if (delayNanos < 0 || generation.finished) {
            checks.remove(generation);
            return;
        }
        ScheduledFuture<?> previous = checks.put(generation, timer.schedule(
                () -> schedule(generation, generation.check(System.nanoTime())), delayNanos, TimeUnit.NANOSECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
