package io.chatgateway.relay;

import java.time.Duration;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.chatgateway.generation.Generations;
import io.chatgateway.usage.UsageProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The relay's Micrometer meters (all prefixed {@code chatgateway.relay.}). The timers publish fixed histogram
 * buckets, so that Prometheus can compute p95/p99 across replicas ({@code histogram_quantile} over
 * {@code _bucket} rates); the boundaries bracket what a chat answer takes, from a fast model's first token to the
 * relay's 10-minute limit. The usage counters ({@code chatgateway.usage.}) count generations, characters and tokens
 * by team and agent (tags that {@link UsageProperties} can turn off; never by user).
 */
@Component
class RelayMetrics {

    static final Duration[] FIRST_TOKEN_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
            30, 60, 120);
    static final Duration[] DURATION_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600);
    static final Duration[] OVERHEAD_BUCKETS = seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1);

    private static final String CHARS = "chatgateway.usage.chars";
    private static final String TOKENS = "chatgateway.usage.tokens";

    private final AtomicInteger activeStreams = new AtomicInteger();
    private final Timer firstToken;
    private final Timer overhead;
    private final Counter events;
    private final Map<String, Timer> durations;
    private final Map<RelayError, Counter> upstreamErrors = new EnumMap<>(RelayError.class);
    private final MeterRegistry registry;
    private final UsageProperties usageTags;

    RelayMetrics(MeterRegistry registry) {
        this(registry, new UsageProperties(true, true));
    }

    @Autowired
    RelayMetrics(MeterRegistry registry, UsageProperties usageTags) {
        this.registry = registry;
        this.usageTags = usageTags;
        registry.gauge("chatgateway.relay.active.streams", activeStreams);
        firstToken = Timer.builder("chatgateway.relay.first.token")
                .description("From the request to the first piece of answer relayed")
                .serviceLevelObjectives(FIRST_TOKEN_BUCKETS).register(registry);
        overhead = Timer.builder("chatgateway.relay.overhead")
                .description("The gateway's own time before n8n is called (auth, validation, saving the message)")
                .serviceLevelObjectives(OVERHEAD_BUCKETS).register(registry);
        events = Counter.builder("chatgateway.relay.events").description("Answer pieces relayed").register(registry);
        durations = Map.of(
                "complete", duration(registry, "complete"),
                "stopped", duration(registry, "stopped"),
                "interrupted", duration(registry, "interrupted"),
                "error", duration(registry, "error"));
        for (RelayError error : RelayError.values()) {
            upstreamErrors.put(error, Counter.builder("chatgateway.relay.errors").tag("code", error.code)
                    .description("Failed answers by error code").register(registry));
        }
    }

    private static Timer duration(MeterRegistry registry, String outcome) {
        return Timer.builder("chatgateway.relay.answer.duration").tag("outcome", outcome)
                .description("From the request to the saved answer")
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry);
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }

    void streamStarted() {
        activeStreams.incrementAndGet();
    }

    void streamEnded(String outcome, long elapsedNanos) {
        activeStreams.decrementAndGet();
        durations.get(outcome).record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    void overhead(long nanos) {
        overhead.record(nanos, TimeUnit.NANOSECONDS);
    }

    void firstToken(long nanos) {
        firstToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    void event() {
        events.increment();
    }

    void failed(RelayError error) {
        if (error != RelayError.STOPPED) {
            upstreamErrors.get(error).increment();
        }
    }

    /** A generation ended with its usage recorded (null: another replica had ended it, and counted nothing). */
    void usage(UUID teamId, UUID agentId, String status, Generations.Recorded usage) {
        if (usage == null) {
            return;
        }
        List<Tag> tags = new ArrayList<>(3);
        if (usageTags.metricsTeamTag()) {
            tags.add(Tag.of("team", String.valueOf(teamId)));
        }
        if (usageTags.metricsAgentTag()) {
            tags.add(Tag.of("agent", String.valueOf(agentId)));
        }
        Counter.builder("chatgateway.usage.generations").tags(tags).tag("status", status)
                .description("Ended generations by status").register(registry).increment();
        usageCounter(CHARS, tags, "in").increment(usage.charsIn());
        usageCounter(CHARS, tags, "out").increment(usage.charsOut());
        usageCounter(TOKENS, tags, "in").increment(usage.tokensIn());
        usageCounter(TOKENS, tags, "out").increment(usage.tokensOut());
    }

    private Counter usageCounter(String name, List<Tag> tags, String direction) {
        return Counter.builder(name).tags(tags).tag("direction", direction)
                .description(name.equals(CHARS)
                        ? "Characters in (what n8n received as text: system prompt and messages) and out (answers)"
                        : "Tokens in and out as in the usage ledger (n8n's figures, else estimated as ceil(chars / 4))")
                .register(registry);
    }
}
