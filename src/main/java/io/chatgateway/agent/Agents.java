package io.chatgateway.agent;

import java.util.List;
import java.util.UUID;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.PathIds;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The agent verbs of routes/agents.camel.yaml, one call each: checked request in, the agent as the caller may
 * see it out. Identity comes from the exchange variables set from the verified principal.
 */
@Component("agents")
public class Agents {

    private final AgentStore store;
    private final AgentRequests requests;

    public Agents(AgentStore store, AgentRequests requests) {
        this.store = store;
        this.requests = requests;
    }

    public List<Agent> list(@Variable("teamId") UUID teamId, @Variable("role") String role) {
        return AgentVisibility.list(store.list(teamId), role);
    }

    public Agent get(@Header("id") String id, @Variable("teamId") UUID teamId, @Variable("role") String role) {
        return read(teamId, pathId(id), role);
    }

    public Agent create(CreateAgentRequest body, @Variable("teamId") UUID teamId, @Variable("userId") UUID userId,
                        @Variable("role") String role) {
        UUID id = store.insert(teamId, userId, requests.create(body));
        return read(teamId, id, role);
    }

    public Agent update(@Header("id") String id, UpdateAgentRequest body, @Variable("teamId") UUID teamId,
                        @Variable("role") String role) {
        UUID agentId = pathId(id);
        if (!store.update(teamId, agentId, requests.update(body))) {
            throw notFound();
        }
        return read(teamId, agentId, role);
    }

    /** The agent as the caller may see it; 404 when the team has no such agent (or it is deleted). */
    Agent read(UUID teamId, UUID id, String role) {
        return store.find(teamId, id).map(agent -> AgentVisibility.of(agent, role)).orElseThrow(Agents::notFound);
    }

    static UUID pathId(String id) {
        return PathIds.parseId(id, "Agent");
    }

    static ApiException notFound() {
        return ApiException.notFound("Agent not found");
    }
}
