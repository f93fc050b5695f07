package io.chatgateway.chat;

import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** PUT /api/chats/{id}: a new title and/or another active agent; fields not sent (or null) stay unchanged. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateChatRequest(UUID agentId, String title) {
}
