package io.chatgateway.relay;

import java.util.UUID;

/**
 * One of the caller's chats with what the relay needs of its agent: where and how to call it, what to send along
 * ({@code configJson}: the agent's config without {@code relay}, passed to n8n as it is) and the settings of its
 * streams.
 */
record ChatAgent(UUID chatId, UUID agentId, String webhookUrl, String webhookToken, String systemPrompt,
                 String configJson, StreamSettings settings, boolean active, boolean deleted) {
}
