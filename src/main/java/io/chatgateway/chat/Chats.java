package io.chatgateway.chat;

import java.util.List;
import java.util.UUID;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.Fields;
import io.chatgateway.system.NotFoundException;
import io.chatgateway.system.PathIds;
import io.chatgateway.system.RequestBodies;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** The chat verbs of routes/chats.camel.yaml: checks the typed request, then one statement of {@link ChatStore}. */
@Component("chats")
public class Chats {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;
    static final int MAX_TITLE = 200;

    private final ChatStore store;

    public Chats(ChatStore store) {
        this.store = store;
    }

    /**
     * GET /api/chats. The query parameters arrive as message headers, which is fine for paging and filtering: they
     * only narrow what the caller may see anyway.
     */
    public List<ChatSummary> list(@Header("limit") String limit, @Header("offset") String offset,
                                  @Header("agent_id") String agentId,
                                  @Variable("teamId") UUID teamId, @Variable("userId") UUID userId) {
        return store.list(teamId, userId, agentFilter(agentId), number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                number("offset", offset, 0, 0, Integer.MAX_VALUE));
    }

    /** GET /api/chats/{id}; {@code ?include=superseded} adds the earlier versions of edited or regenerated turns. */
    public Chat get(@Header("id") String id, @Header("include") String include, @Variable("teamId") UUID teamId,
                    @Variable("userId") UUID userId) {
        return store.find(teamId, userId, chatId(id), "superseded".equals(include))
                .orElseThrow(() -> new NotFoundException("Chat not found"));
    }

    public ChatSummary create(CreateChatRequest request, @Variable("teamId") UUID teamId,
                              @Variable("userId") UUID userId, Exchange exchange) {
        RequestBodies.require(request);
        UUID agentId = Fields.required("agent_id", request.agentId());
        String title = Fields.text("title", request.title(), false, 1, MAX_TITLE);
        ChatSummary chat = store.insert(teamId, userId, agentId, title)
                .orElseThrow(() -> new NotFoundException("Agent not found or not active"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/chats/" + chat.id());
        return chat;
    }

    public ChatSummary update(@Header("id") String id, UpdateChatRequest request,
                              @Variable("teamId") UUID teamId, @Variable("userId") UUID userId) {
        UUID chatId = chatId(id);
        RequestBodies.require(request);
        String title = Fields.text("title", request.title(), false, 1, MAX_TITLE);
        return store.update(teamId, userId, chatId, request.agentId(), title)
                .orElseThrow(() -> new NotFoundException(store.exists(teamId, userId, chatId)
                        ? "Agent not found or not active" : "Chat not found"));
    }

    private static UUID chatId(String id) {
        return PathIds.parseId(id, "Chat");
    }

    private static UUID agentFilter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("agent_id", "must be a UUID");
        }
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
}
