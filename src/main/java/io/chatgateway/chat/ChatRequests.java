package io.chatgateway.chat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.JsonFields;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** Validates chat requests into the parameter maps of the sql/chat statements. */
@Component("chatRequests")
public class ChatRequests {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    /** POST /api/chats: {agent_id, title?}. */
    public Map<String, Object> create(Object body) {
        return chatFields(body, true);
    }

    /** PUT /api/chats/{id}: title and/or agent_id; fields not sent (or null) stay unchanged. */
    public Map<String, Object> update(Object body) {
        return chatFields(body, false);
    }

    private static Map<String, Object> chatFields(Object body, boolean agentRequired) {
        JsonFields fields = JsonFields.of(body);
        Map<String, Object> params = new HashMap<>();
        params.put("agent_id", fields.uuid("agent_id", agentRequired));
        params.put("title", fields.text("title", false, 1, 200));
        return params;
    }

    /**
     * GET /api/chats query parameters (Camel hands them over as message headers, which is fine for paging and
     * filtering: they only narrow what the caller may see anyway). Sets the variable {@code byAgent} when the
     * list is narrowed to one agent, so that the route picks its statement without evaluating the map.
     */
    public Map<String, Object> page(@Header("limit") String limit, @Header("offset") String offset,
                                    @Header("agent_id") String agentId, Exchange exchange) {
        Map<String, Object> params = new HashMap<>();
        params.put("limit", number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT));
        params.put("offset", number("offset", offset, 0, 0, Integer.MAX_VALUE));
        boolean byAgent = agentId != null && !agentId.isBlank();
        if (byAgent) {
            params.put("agent_id", uuid(agentId));
        }
        exchange.setVariable("byAgent", byAgent);
        return params;
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below like any other out-of-range value
        }
        throw ApiException.invalid(name, max == Integer.MAX_VALUE
                ? "must be a whole number of at least " + min
                : "must be a whole number from " + min + " to " + max);
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("agent_id", "must be a UUID");
        }
    }
}
