package io.chatgateway.relay;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What this replica may hold in memory for the answers it generates, so that a burst of streams or of long answers
 * is refused rather than kill the replica with every stream on it.
 * <ul>
 * <li><b>Running answers</b> ({@code chatgateway.relay.max-running-generations}): a send beyond the limit is refused
 * (503 with Retry-After) before anything of it is saved; running streams go on, readiness stays UP, and the client
 * retries here or on another replica. Default: as many open streams as {@value #STREAMS_HEAP_SHARE_PERCENT} % of the
 * maximum heap holds at {@value #BYTES_PER_STREAM} bytes each (an open stream's connection, request and thread:
 * measured 132 KB on Java 25, bench/results/2026-12-02-stream-memory.md; in a burst of 5,000 sends a limit nearer that
 * cost served more streams but started them later: time to first token p99 16.6 s instead of 10.7 s), at least
 * {@value #MIN_DEFAULT}, at most {@code max-connections} (each holds a connection to n8n) and, without virtual threads,
 * at most Tomcat's request threads (each holds one). A client attached to a running answer
 * ({@code GET /api/chats/{id}/stream}) holds as much and takes a place too, so attached clients and running answers
 * share the limit; one beyond it gets 503 with Retry-After. While the limit is reached, {@link AdmissionGate} refuses
 * sends before any work.</li>
 * <li><b>Their text</b> ({@code chatgateway.relay.answer-memory}): every piece of answer is counted at two bytes per
 * character (a Java string's largest size) against one budget for all running answers, and given back when its
 * answer ends. A piece that does not fit ends its answer with {@code overloaded}, the text so far saved; a send is
 * refused while the budget is spent. Default: {@value #TEXT_HEAP_SHARE_PERCENT} % of the maximum heap. One answer
 * alone is capped by {@code max-answer-size}; without this budget, a thousand answers of that size would need
 * gigabytes.</li>
 * </ul>
 */
@Component
class RunningGenerations {

    static final long BYTES_PER_STREAM = 160 * 1024;
    static final int STREAMS_HEAP_SHARE_PERCENT = 50;
    static final int TEXT_HEAP_SHARE_PERCENT = 20;
    static final int MIN_DEFAULT = 8;
    /** Bytes of text counted per character of answer. */
    static final int BYTES_PER_CHAR = 2;
    /** Seconds a refused client should wait: a stream slot is freed whenever any answer ends. */
    static final long RETRY_AFTER_SECONDS = 5;
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;
    private static final Logger log = LoggerFactory.getLogger(RunningGenerations.class);

    /** Open streams: running answers and attached clients. */
    private final AtomicInteger streams = new AtomicInteger();
    private final AtomicInteger attached = new AtomicInteger();
    private final AtomicLong textBytes = new AtomicLong();
    private final AtomicLong lastRefusalLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final Counter refused;
    private final Counter cut;
    private volatile int limit;
    private volatile long textBudget;

    RunningGenerations(RelayProperties properties, MeterRegistry registry) {
        this(properties, registry, Integer.MAX_VALUE);
    }

    /** {@code requestThreads}: Tomcat's request threads, or {@code Integer.MAX_VALUE} with a virtual thread per request. */
    @Autowired
    RunningGenerations(RelayProperties properties, MeterRegistry registry,
                       @Value("${spring.threads.virtual.enabled:false}") boolean virtualThreads,
                       @Value("${server.tomcat.threads.max:200}") int requestThreads) {
        this(properties, registry, virtualThreads && Runtime.version().feature() >= 21 ? Integer.MAX_VALUE : requestThreads);
    }

    private RunningGenerations(RelayProperties properties, MeterRegistry registry, int requestThreads) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        Integer configured = properties.maxRunningGenerations();
        this.limit = configured != null && configured > 0 ? configured
                : defaultLimit(maxHeap, Math.min(properties.maxConnections(), requestThreads));
        long configuredText = properties.answerMemory() == null ? 0 : properties.answerMemory().toBytes();
        this.textBudget = configuredText > 0 ? configuredText : defaultTextBudget(maxHeap);
        Gauge.builder("chatgateway.relay.running.generations.limit", () -> limit)
                .description("Open streams (running answers and clients attached to one) this replica holds before it refuses more")
                .register(registry);
        Gauge.builder("chatgateway.relay.attached.streams", attached, AtomicInteger::get)
                .description("Clients attached to a running answer (GET /api/chats/{id}/stream) on this replica")
                .register(registry);
        Gauge.builder("chatgateway.relay.answer.memory", textBytes, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of answer text held by the running answers (2 per character)").register(registry);
        Gauge.builder("chatgateway.relay.answer.memory.limit", () -> textBudget).baseUnit("bytes")
                .description("Bytes of answer text the running answers may hold together").register(registry);
        this.refused = Counter.builder("chatgateway.relay.refused")
                .description("Sends, and clients attaching to a running answer, refused with 503 because the replica was at its limit of open streams or of their text")
                .register(registry);
        this.cut = Counter.builder("chatgateway.relay.overloaded")
                .description("Answers ended early because the running answers' text filled its budget")
                .register(registry);
        log.info("At most {} answers run at once on this replica (chatgateway.relay.max-running-generations), "
                + "holding at most {} MB of text (chatgateway.relay.answer-memory)", limit, textBudget / (1024 * 1024));
    }

    /** {@code maxStreams}: what the connections to n8n and the request threads allow. */
    static int defaultLimit(long maxHeapBytes, int maxStreams) {
        long byHeap = maxHeapBytes / 100 * STREAMS_HEAP_SHARE_PERCENT / BYTES_PER_STREAM;
        return (int) Math.max(MIN_DEFAULT, Math.min(byHeap, maxStreams));
    }

    static long defaultTextBudget(long maxHeapBytes) {
        return maxHeapBytes / 100 * TEXT_HEAP_SHARE_PERCENT;
    }

    /** True while a send would be refused: the replica is at its limit or its text budget is spent. */
    boolean full() {
        return streams.get() >= limit || textBytes.get() >= textBudget;
    }

    /** Takes a place for one answer; false (and counted) when the replica is at its limit or its text budget is spent. */
    boolean tryStart() {
        if (textBytes.get() < textBudget && tryTakePlace()) {
            return true;
        }
        countRefusal();
        return false;
    }

    /**
     * Takes a place for a client attaching to a running answer; false (and counted) when the replica is at its limit.
     * The text budget does not apply: an attached client holds no answer text of its own.
     */
    boolean tryAttach() {
        if (tryTakePlace()) {
            attached.incrementAndGet();
            return true;
        }
        countRefusal();
        return false;
    }

    /** Gives an attached client's place back: call exactly once for every successful {@link #tryAttach}. */
    void detached() {
        attached.decrementAndGet();
        streams.decrementAndGet();
    }

    private boolean tryTakePlace() {
        for (int now = streams.get(); now < limit; now = streams.get()) {
            if (streams.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Counts (and now and then logs) a send or an attach refused because the replica is full. */
    void countRefusal() {
        refused.increment();
        long last = lastRefusalLogged.get();
        if (System.nanoTime() - last >= LOG_EVERY_NANOS && lastRefusalLogged.compareAndSet(last, System.nanoTime())) {
            log.warn("Refusing streams: {} of at most {} are open on this replica ({} of them attached clients), holding "
                            + "{} of {} MB of text (chatgateway.relay.max-running-generations, chatgateway.relay.answer-memory)",
                    streams.get(), limit, attached.get(), textBytes.get() / (1024 * 1024), textBudget / (1024 * 1024));
        }
    }

    /** Gives the place back: call exactly once for every successful {@link #tryStart}. */
    void finished() {
        streams.decrementAndGet();
    }

    /**
     * Counts {@code chars} more characters of answer text against the budget; false (nothing counted) when they do
     * not fit. Every character counted is given back with {@link #releaseText} when the answer ends.
     */
    boolean reserveText(long chars) {
        long bytes = chars * BYTES_PER_CHAR;
        for (long now = textBytes.get(); now + bytes <= textBudget; now = textBytes.get()) {
            if (textBytes.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
        cut.increment();
        return false;
    }

    void releaseText(long chars) {
        textBytes.addAndGet(-chars * BYTES_PER_CHAR);
    }

    int limit() {
        return limit;
    }

    /** Running answers and attached clients now. */
    int openStreams() {
        return streams.get();
    }

    /** Changes the limit at run time (tests; an operator sets the property). */
    void limit(int limit) {
        this.limit = limit;
    }

    long textBudget() {
        return textBudget;
    }

    /** Changes the text budget at run time (tests; an operator sets the property). */
    void textBudget(long bytes) {
        this.textBudget = bytes;
    }
}
