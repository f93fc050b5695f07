package io.chatgateway.relay;

import java.util.UUID;

import io.chatgateway.generation.LiveGeneration;

/**
 * One send: who, which chat and agent, the request body for n8n, when the request arrived, and the generation it
 * started (its events, its stop).
 */
record RelayJob(UUID teamId, UUID userId, ChatAgent target, byte[] webhookBody, long startNanos,
                LiveGeneration live) {

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
