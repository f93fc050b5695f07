package io.chatgateway.chat;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A message of a chat as stored in {@code chats.messages} and returned by the API: {@code status} only on assistant
 * messages ("complete" | "interrupted" | "error"), {@code error} only on failed ones (absent, not null, otherwise).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatMessage(UUID id, String role, String content, Instant timestamp, String status, String error) {

    public static ChatMessage user(String content) {
        return new ChatMessage(UUID.randomUUID(), "user", content, Instant.now(), null, null);
    }

    public static ChatMessage assistant(String content, String status, String error) {
        return new ChatMessage(UUID.randomUUID(), "assistant", content, Instant.now(), status, error);
    }
}
