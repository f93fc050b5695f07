package io.chatgateway.chat;

import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** POST /api/chats: the agent to talk to and an optional title (1-200, default "New chat"). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateChatRequest(UUID agentId, String title) {
}
