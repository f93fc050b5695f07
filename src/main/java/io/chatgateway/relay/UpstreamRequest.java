package io.chatgateway.relay;

import java.util.UUID;

/** What an upstream is asked for one send: the chat and its agent, the history (stored messages as JSON text) and who asks. */
record UpstreamRequest(ChatAgent target, String historyJson, UUID userId, UUID teamId) {
}
