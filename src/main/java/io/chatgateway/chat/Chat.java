package io.chatgateway.chat;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One chat with its messages. The messages are written as stored (the chat's JSONB array, never parsed here: a long
 * chat is relayed to the client as PostgreSQL returns it); their shape is {@link ChatMessage}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Chat(UUID id, String title, UUID agentId, String agentName, boolean agentDeleted, int messageCount,
                   @JsonRawValue @ArraySchema(schema = @Schema(implementation = ChatMessage.class)) String messages,
                   Instant createdAt, Instant updatedAt) {
}
