package io.chatgateway.relay;

import java.util.UUID;

/**
 * What an upstream is asked for one send: the chat and its agent, the history (stored messages as JSON text) and who
 * asks. A call without a chat (the OpenAI-compatible API) names its own {@code sessionId} (else the chat id is the
 * session) and its {@code source} ({@code "openai"}; null for the chat API).
 */
record UpstreamRequest(ChatAgent target, String historyJson, UUID userId, UUID teamId, String sessionId,
                       String source) {

    UpstreamRequest(ChatAgent target, String historyJson, UUID userId, UUID teamId) {
        this(target, historyJson, userId, teamId, null, null);
    }
}
