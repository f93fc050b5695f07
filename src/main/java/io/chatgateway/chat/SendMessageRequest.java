package io.chatgateway.chat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.Fields;

/** The body of {@code POST /api/chats/{id}/messages}: what the user says to the chat's agent. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SendMessageRequest(String content) {

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
