package io.chatgateway.agent;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.chatgateway.system.ApiException;

/**
 * The relay settings an agent may override in {@code config.relay}, with the range each may take. Outside it a
 * value would load the service (a heartbeat every millisecond for every stream) or hold connections for hours;
 * README's agents table and the verb descriptions list the same ranges.
 */
public final class RelaySettingLimits {

    /** A setting in milliseconds and its inclusive range. */
    public record Range(long min, long max) {
    }

    public static final Map<String, Range> MILLIS = limits();

    public static final String ON_DISCONNECT = "on_disconnect";

    private RelaySettingLimits() {
    }

    private static Map<String, Range> limits() {
        Map<String, Range> limits = new LinkedHashMap<>();
        limits.put("connect_timeout_ms", new Range(100, 60_000));
        limits.put("first_byte_timeout_ms", new Range(100, 3_600_000));
        limits.put("idle_timeout_ms", new Range(100, 3_600_000));
        limits.put("total_timeout_ms", new Range(100, 3_600_000));
        limits.put("heartbeat_interval_ms", new Range(1_000, 300_000));
        return Collections.unmodifiableMap(limits);
    }

    /** Refuses (422 naming {@code config.relay.<setting>}) anything in {@code config.relay} the relay would not use. */
    static void check(Map<String, Object> config) {
        Object relay = config.get("relay");
        if (relay == null) {
            return;
        }
        if (!(relay instanceof Map<?, ?> settings)) {
            throw ApiException.invalid("config.relay", "must be a JSON object");
        }
        settings.forEach((name, value) -> check(String.valueOf(name), value));
    }

    private static void check(String name, Object value) {
        String field = "config.relay." + name;
        Range range = MILLIS.get(name);
        if (range != null) {
            if (!isWholeNumberIn(value, range)) {
                throw ApiException.invalid(field, "must be a whole number from " + range.min() + " to " + range.max());
            }
        } else if (ON_DISCONNECT.equals(name)) {
            if (!(value instanceof String mode)
                    || !(mode.equalsIgnoreCase("continue") || mode.equalsIgnoreCase("abort"))) {
                throw ApiException.invalid(field, "must be \"continue\" or \"abort\"");
            }
        } else {
            throw ApiException.invalid(field, "is not a relay setting (" + String.join(", ", MILLIS.keySet()) + ", "
                    + ON_DISCONNECT + ")");
        }
    }

    private static boolean isWholeNumberIn(Object value, Range range) {
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            return false;
        }
        BigInteger number = new BigInteger(value.toString());
        return number.compareTo(BigInteger.valueOf(range.min())) >= 0
                && number.compareTo(BigInteger.valueOf(range.max())) <= 0;
    }
}
