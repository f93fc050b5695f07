package io.chatgateway.chat;

/**
 * A user message appended to its chat, its commit still under way: the chat's history including it (stored
 * messages as JSON text, what n8n gets) and the commit that makes it durable.
 */
public record PendingUserMessage(String history, UserMessageCommit commit) {
}
