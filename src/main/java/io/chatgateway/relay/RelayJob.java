package io.chatgateway.relay;

import java.util.UUID;

/**
 * One send: who, which chat and agent, where n8n is, the request body for it, the stream's settings and the
 * commit of the user message (still running when the relay starts).
 */
record RelayJob(UUID teamId, UUID userId, UUID chatId, UUID agentId, String webhookUrl, String webhookToken,
                byte[] webhookBody, StreamSettings settings, long startNanos, UserMessageCommit userMessage) {
}
