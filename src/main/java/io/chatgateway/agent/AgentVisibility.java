package io.chatgateway.agent;

import java.util.List;

/**
 * What of the team's agents a caller sees, by role, decided only here: admins see every agent that is not
 * deleted with its webhook_url; other members see the active ones in lists (any one by id) without webhook_url and
 * n8n_api_url.
 * Nobody sees webhook_token: it is never read ({@link Agent#hasWebhookToken()} instead).
 */
final class AgentVisibility {

    private static final String ADMIN = "admin";

    private AgentVisibility() {
    }

    static Agent of(Agent agent, String role) {
        return ADMIN.equals(role) ? agent : agent.withoutWebhookUrl();
    }

    static List<Agent> list(List<Agent> agents, String role) {
        return agents.stream()
                .filter(agent -> agent.isActive() || ADMIN.equals(role))
                .map(agent -> of(agent, role))
                .toList();
    }
}
