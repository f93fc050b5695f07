package io.chatgateway.chat;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiTimestamp;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One chat with its messages. The messages are written as stored (the chat's JSONB array, never parsed here: a long
 * chat is relayed to the client as PostgreSQL returns it); their shape is {@link ChatMessage}. {@code generation}
 * names the answer being generated, if any; {@code superseded} (only with {@code ?include=superseded}) holds the
 * earlier versions of edited or regenerated turns.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Chat(UUID id, String title, UUID agentId, String agentName, boolean agentDeleted, int messageCount,
                   @JsonRawValue @ArraySchema(schema = @Schema(implementation = ChatMessage.class)) String messages,
                   @ApiTimestamp Instant createdAt, @ApiTimestamp Instant updatedAt,
                   @JsonInclude(JsonInclude.Include.NON_NULL) RunningGeneration generation,
                   @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue
                   @ArraySchema(schema = @Schema(implementation = SupersededMessage.class)) String superseded) {

    /** The chat's running generation: attach with GET /api/chats/{id}/stream, stop with POST /api/chats/{id}/stop. */
    public record RunningGeneration(UUID id, String status) {
    }
}
