package io.chatgateway.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Relay settings, bound from {@code chatgateway.relay.*}; an agent can override the timeouts, the heartbeat and
 * the disconnect behaviour in its {@code config.relay} (see {@link StreamSettings}).
 * <ul>
 * <li>{@code firstByteTimeout}: from the request until the first piece of answer text (covers a model that
 * thinks before it streams);</li>
 * <li>{@code idleTimeout}: between two reads from n8n once text has started;</li>
 * <li>{@code totalTimeout}: the whole answer.</li>
 * </ul>
 * {@code maxRunningGenerations}: answers this replica generates at once, and {@code answerMemory}: the text they
 * may hold together; empty or 0 means derived from the heap ({@link RunningGenerations}).
 */
@ConfigurationProperties("chatgateway.relay")
public record RelayProperties(
        Integer maxContentLength,
        Duration connectTimeout,
        Duration firstByteTimeout,
        Duration idleTimeout,
        Duration totalTimeout,
        Duration heartbeatInterval,
        DataSize maxAnswerSize,
        OnDisconnect onDisconnect,
        Integer maxConnections,
        Integer maxRunningGenerations,
        DataSize answerMemory) {

    /** What a client disconnect does to the generation. */
    public enum OnDisconnect {
        /** keep reading n8n to the end and save the whole answer */
        CONTINUE,
        /** stop n8n at once and save the partial answer as interrupted */
        ABORT
    }

    public RelayProperties {
        maxContentLength = maxContentLength == null ? 32_000 : maxContentLength;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        firstByteTimeout = firstByteTimeout == null ? Duration.ofSeconds(120) : firstByteTimeout;
        idleTimeout = idleTimeout == null ? Duration.ofSeconds(60) : idleTimeout;
        totalTimeout = totalTimeout == null ? Duration.ofMinutes(10) : totalTimeout;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(15) : heartbeatInterval;
        maxAnswerSize = maxAnswerSize == null ? DataSize.ofMegabytes(1) : maxAnswerSize;
        onDisconnect = onDisconnect == null ? OnDisconnect.CONTINUE : onDisconnect;
        maxConnections = maxConnections == null ? 1000 : maxConnections;
    }
}
