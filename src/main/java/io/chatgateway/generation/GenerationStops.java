package io.chatgateway.generation;

import java.util.UUID;

import io.chatgateway.chat.ChatStore;
import io.chatgateway.system.NotFoundException;
import io.chatgateway.system.PathIds;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** POST /api/chats/{id}/stop. */
@Component("generationStops")
public class GenerationStops {

    private final Generations generations;
    private final ChatStore chats;

    GenerationStops(Generations generations, ChatStore chats) {
        this.generations = generations;
        this.chats = chats;
    }

    public StopAccepted stop(@Header("id") String id, StopRequest request, @Variable("teamId") UUID teamId,
                             @Variable("userId") UUID userId, Exchange exchange) {
        UUID chatId = PathIds.parseId(id, "Chat");
        if (!chats.exists(teamId, userId, chatId)) {
            throw new NotFoundException("Chat not found");
        }
        UUID stopping = generations.requestStop(chatId, teamId, userId, request == null ? null : request.generationId());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return new StopAccepted(stopping, "stopping");
    }
}
