package io.chatgateway.relay;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How many answers this replica generates at once ({@code chatgateway.relay.max-running-generations}). A send
 * beyond the limit is refused (503 with Retry-After) before anything of it is saved, so that a burst of streams
 * cannot exhaust the heap and kill the replica with every stream on it; running streams go on, readiness stays
 * UP, and the client retries here or on another replica.
 * <p>
 * Default: one running answer per {@value #HEAP_PER_GENERATION_MIB} MiB of maximum heap, at least
 * {@value #MIN_DEFAULT} and at most {@code max-connections} (each holds a connection to n8n). An open stream holds
 * about 180 KB itself (Java 25, virtual threads; measured with 200 open streams), and its answer text grows with
 * every piece (up to {@code max-answer-size}); the budget leaves the rest of the heap to everything else.
 */
@Component
class RunningGenerations {

    static final int HEAP_PER_GENERATION_MIB = 1;
    static final int MIN_DEFAULT = 8;
    /** Seconds a refused client should wait: a stream slot is freed whenever any answer ends. */
    static final long RETRY_AFTER_SECONDS = 5;
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(RunningGenerations.class);

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong lastRefusalLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final Counter refused;
    private volatile int limit;

    RunningGenerations(RelayProperties properties, MeterRegistry registry) {
        Integer configured = properties.maxRunningGenerations();
        this.limit = configured != null && configured > 0 ? configured
                : defaultLimit(Runtime.getRuntime().maxMemory(), properties.maxConnections());
        Gauge.builder("chatgateway.relay.running.generations.limit", () -> limit)
                .description("Answers this replica generates at once before it refuses sends").register(registry);
        this.refused = Counter.builder("chatgateway.relay.refused")
                .description("Sends refused with 503 because the replica was at its limit of running answers")
                .register(registry);
        log.info("At most {} answers run at once on this replica (chatgateway.relay.max-running-generations)", limit);
    }

    static int defaultLimit(long maxHeapBytes, int maxConnections) {
        long byHeap = maxHeapBytes / (HEAP_PER_GENERATION_MIB * 1024L * 1024L);
        return (int) Math.max(MIN_DEFAULT, Math.min(byHeap, maxConnections));
    }

    /** Takes a place for one answer; false (and counted) when the replica is at its limit. */
    boolean tryStart() {
        for (int now = running.get(); now < limit; now = running.get()) {
            if (running.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        refused.increment();
        long last = lastRefusalLogged.get();
        if (System.nanoTime() - last >= LOG_EVERY_NANOS && lastRefusalLogged.compareAndSet(last, System.nanoTime())) {
            log.warn("Refusing sends: {} answers are running on this replica (chatgateway.relay.max-running-generations)",
                    limit);
        }
        return false;
    }

    /** Gives the place back: call exactly once for every successful {@link #tryStart}. */
    void finished() {
        running.decrementAndGet();
    }

    int limit() {
        return limit;
    }

    /** Changes the limit at run time (tests; an operator sets the property). */
    void limit(int limit) {
        this.limit = limit;
    }
}
