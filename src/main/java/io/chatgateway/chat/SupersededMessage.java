package io.chatgateway.chat;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** An earlier version of a message, replaced by an edit or a regeneration: the message as it was, and why it went. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SupersededMessage(UUID id, String role, String content, Instant timestamp, String status,
                                @Schema(allowableValues = {"edit", "regenerate"}) String supersededBy,
                                Instant supersededAt) {
}
