package io.chatgateway.relay;

import java.util.UUID;

import io.chatgateway.chat.UserMessageCommit;

/**
 * One send: who, which chat and agent, the request body for n8n, when the request arrived and the commit of the
 * user message (still running when the relay starts).
 */
record RelayJob(UUID teamId, UUID userId, ChatAgent target, byte[] webhookBody, long startNanos,
                UserMessageCommit userMessage) {

    UUID chatId() {
        return target.chatId();
    }

    UUID agentId() {
        return target.agentId();
    }

    StreamSettings settings() {
        return target.settings();
    }
}
