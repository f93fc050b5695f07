package io.chatgateway.relay;

import java.util.UUID;

/**
 * Where an agent's answer comes from. {@link N8nWebhook} (the agent's n8n webhook) is the one there is; an
 * OpenAI-compatible endpoint would be another: it builds its own request from the same {@link UpstreamRequest},
 * and its answer (an SSE stream of OpenAI deltas) is read like any other.
 */
interface Upstream {

    /**
     * Prepares the call for one send, of the generation {@code generationId}; nothing is sent before
     * {@link UpstreamCall#execute()}.
     */
    UpstreamCall prepare(UpstreamRequest request, UUID generationId);
}
