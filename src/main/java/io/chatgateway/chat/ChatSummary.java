package io.chatgateway.chat;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiTimestamp;

/** A chat without its messages, as listed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatSummary(UUID id, String title, UUID agentId, int messageCount, @ApiTimestamp Instant createdAt, @ApiTimestamp Instant updatedAt) {
}
