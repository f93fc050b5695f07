package io.chatgateway.generation;

import java.util.UUID;

/**
 * What a send does to the conversation before its answer is generated: append a user message, answer the last one
 * again (the answer it had is superseded), or replace a user message (it and what followed are superseded).
 * {@code unprepared}: the statement only calls a PL/pgSQL function, which keeps its own plans, so it is not prepared
 * on the server, and the transaction's BEGIN travels with it in one round trip ({@link StartTransaction}).
 */
public record Turn(String statement, String userMessage, UUID editMessageId, boolean unprepared) {

    public static Turn send(String userMessage) {
        return new Turn("generation/start", userMessage, null, true);
    }

    public static Turn regenerate() {
        return new Turn("generation/start-regenerate", null, null, false);
    }

    public static Turn edit(UUID messageId, String userMessage) {
        return new Turn("generation/start-edit", userMessage, messageId, false);
    }

    boolean appendsNothing() {
        return userMessage == null;
    }
}
