package io.chatgateway.relay;

import java.util.UUID;

import io.chatgateway.generation.LiveGeneration;

/**
 * One send: what the upstream is asked (chat, agent, history, who asks), when the request arrived, and the
 * generation it started (its events, its stop).
 */
record RelayJob(UpstreamRequest request, long startNanos, LiveGeneration live) {

    UUID teamId() {
        return request.teamId();
    }

    UUID userId() {
        return request.userId();
    }

    UUID chatId() {
        return request.target().chatId();
    }

    /** How the logs name it: by its chat, or, for an OpenAI-API completion (which has none), by its generation. */
    String subject() {
        UUID chatId = chatId();
        return chatId != null ? "chat " + chatId : "completion " + live.id();
    }

    UUID agentId() {
        return request.target().agentId();
    }

    StreamSettings settings() {
        return request.target().settings();
    }
}
