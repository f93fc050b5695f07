package io.chatgateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.agent.RelaySettingLimits;
import io.chatgateway.agent.RelaySettingLimits.Range;
import io.chatgateway.relay.RelayProperties.OnDisconnect;

/**
 * The settings of one stream: the global ones, overridden by the agent's {@code config.relay}
 * ({@code connect_timeout_ms}, {@code first_byte_timeout_ms}, {@code idle_timeout_ms}, {@code total_timeout_ms},
 * {@code heartbeat_interval_ms}, {@code on_disconnect}: "continue" | "abort"). The agents API accepts overrides only
 * within {@link RelaySettingLimits}; one stored otherwise (before those limits, or by hand) is brought into its
 * range, and one that is not a positive number, or an unknown mode, is ignored.
 */
record StreamSettings(long connectTimeoutMs, long firstByteTimeoutMs, long idleTimeoutMs, long totalTimeoutMs,
                      long heartbeatIntervalMs, OnDisconnect onDisconnect) {

    static StreamSettings of(RelayProperties global, JsonNode agent) {
        OnDisconnect onDisconnect = global.onDisconnect();
        JsonNode mode = agent == null ? null : agent.get("on_disconnect");
        if (mode != null && mode.isTextual()) {
            for (OnDisconnect candidate : OnDisconnect.values()) {
                if (candidate.name().equalsIgnoreCase(mode.asText())) {
                    onDisconnect = candidate;
                }
            }
        }
        return new StreamSettings(
                millis(agent, "connect_timeout_ms", global.connectTimeout().toMillis()),
                millis(agent, "first_byte_timeout_ms", global.firstByteTimeout().toMillis()),
                millis(agent, "idle_timeout_ms", global.idleTimeout().toMillis()),
                millis(agent, "total_timeout_ms", global.totalTimeout().toMillis()),
                millis(agent, "heartbeat_interval_ms", global.heartbeatInterval().toMillis()),
                onDisconnect);
    }

    /**
     * The HTTP client's response timeout, which is also the socket timeout of every read: only a backstop, never
     * shorter than a deadline of the watchdog, which cuts first-byte, idle and total timeouts precisely (it can
     * abort a call also while it waits for the answer's head).
     */
    long responseTimeoutMs() {
        return Math.min(Math.max(firstByteTimeoutMs, idleTimeoutMs), totalTimeoutMs);
    }

    private static long millis(JsonNode agent, String field, long fallback) {
        JsonNode value = agent == null ? null : agent.get(field);
        if (value == null || !value.isNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
            return fallback;
        }
        Range range = RelaySettingLimits.MILLIS.get(field);
        return Math.max(range.min(), Math.min(range.max(), value.asLong()));
    }
}
