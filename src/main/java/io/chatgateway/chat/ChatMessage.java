package io.chatgateway.chat;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A message of a chat as stored in {@code chats.messages} and returned by the API: {@code status} only on assistant
 * messages, {@code error} only on failed ones (absent, not null, otherwise).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(UUID id,
                          @Schema(allowableValues = {"user", "assistant"}) String role,
                          String content,
                          Instant timestamp,
                          @Schema(allowableValues = {"complete", "stopped", "interrupted", "error"}) String status,
                          String error) {

    public static ChatMessage user(String content) {
        return new ChatMessage(UUID.randomUUID(), "user", content, Instant.now(), null, null);
    }

    public static ChatMessage assistant(String content, String status, String error) {
        return new ChatMessage(UUID.randomUUID(), "assistant", content, Instant.now(), status, error);
    }
}
