package io.chatgateway.agent;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.Fields;

/** POST /api/agents/{id}/test-call: the message to send (optional; a short greeting when absent). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AgentTestCallRequest(String message) {

    static final String DEFAULT_MESSAGE = "Hello! This is a test call from the Chat Gateway console.";
    static final int MAX_LENGTH = 4_000;

    /** The message to send: as written, 1 to {@value #MAX_LENGTH} characters, not blank, no NUL (422 otherwise). */
    static String messageOf(AgentTestCallRequest request) {
        if (request == null || request.message() == null) {
            return DEFAULT_MESSAGE;
        }
        String message = Fields.rawText("message", request.message(), true, 1, MAX_LENGTH);
        if (message.isBlank()) {
            throw ApiException.invalid("message", "must not be blank");
        }
        return message;
    }
}
