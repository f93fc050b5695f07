package io.chatgateway.generation;

import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** 202: the generation will stop; its streams end with {"type":"done","data":{"reason":"stopped"}}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StopAccepted(UUID generationId, String status) {
}
