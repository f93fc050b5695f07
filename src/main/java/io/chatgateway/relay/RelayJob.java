package io.chatgateway.relay;

import java.util.UUID;

import io.chatgateway.chat.UserMessageCommit;

/**
 * One send: what the upstream is asked (chat, agent, history, who asks), when the request arrived and the commit
 * of the user message (still running when the relay starts).
 */
record RelayJob(UpstreamRequest request, long startNanos, UserMessageCommit userMessage) {

    UUID teamId() {
        return request.teamId();
    }

    UUID userId() {
        return request.userId();
    }

    UUID chatId() {
        return request.target().chatId();
    }

    UUID agentId() {
        return request.target().agentId();
    }

    StreamSettings settings() {
        return request.target().settings();
    }
}
