package io.chatgateway.generation;

import java.util.UUID;

/**
 * What a send does to the conversation before its answer is generated: append a user message, answer the last one
 * again (the answer it had is superseded), or replace a user message (it and what followed are superseded).
 */
public record Turn(String statement, String userMessage, UUID editMessageId) {

    public static Turn send(String userMessage) {
        return new Turn("generation/start", userMessage, null);
    }

    public static Turn regenerate() {
        return new Turn("generation/start-regenerate", null, null);
    }

    public static Turn edit(UUID messageId, String userMessage) {
        return new Turn("generation/start-edit", userMessage, messageId);
    }

    boolean appendsNothing() {
        return userMessage == null;
    }
}
