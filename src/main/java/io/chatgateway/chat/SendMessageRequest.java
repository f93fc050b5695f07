package io.chatgateway.chat;

import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.Fields;

/**
 * The body of {@code POST /api/chats/{id}/messages}: what the user says to the chat's agent ({@code content});
 * or {@code regenerate: true} for a new answer to the last user message; or {@code edit_message_id} with the new
 * {@code content} to replace that user message (what followed it is dropped from the conversation).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SendMessageRequest(String content, Boolean regenerate, UUID editMessageId) {

    public boolean regenerates() {
        if (!Boolean.TRUE.equals(regenerate)) {
            return false;
        }
        if (content != null || editMessageId != null) {
            throw ApiException.invalid("regenerate", "cannot be combined with content or edit_message_id");
        }
        return true;
    }

    /**
     * The content to save and send, exactly as written (surrounding whitespace kept): 1 to {@code maxLength}
     * characters, not blank and without NUL characters, otherwise a 422 on field {@code content}.
     */
    public String validContent(int maxLength) {
        String valid = Fields.rawText("content", content, true, 1, maxLength);
        if (valid.isBlank()) {
            throw ApiException.invalid("content", "must not be blank");
        }
        return valid;
    }
}
