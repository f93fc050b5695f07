package io.chatgateway.generation;

import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** POST /api/chats/{id}/stop: optionally, stop only if this generation is still the one running. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StopRequest(UUID generationId) {
}
