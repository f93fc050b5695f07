package io.chatgateway.relay;

import java.util.UUID;

/**
 * Stops what keeps running upstream after the relay cut its connection: an n8n execution runs its workflow to the
 * end whether or not anyone reads the answer ({@link N8nExecutions}).
 */
interface ExecutionStopper {

    /** Stops the generation's upstream execution in the background, if the agent allows it; never blocks. */
    void stopLater(UUID generationId, UUID agentId, UUID teamId);
}
