package io.chatgateway.apikey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.Fields;

/**
 * {@code POST /api/team/api-keys}: {@code name} 1-100 characters; {@code expires_in_days} 1-3650 (absent: never
 * expires); {@code agent_ids} the team's agents the key may use (absent or null: all of them; not empty).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateApiKeyRequest(String name, Integer expiresInDays, List<UUID> agentIds) {

    static final int MAX_NAME = 100;
    static final int MAX_DAYS = 3650;

    CreateApiKeyRequest checked() {
        String checkedName = Fields.text("name", name, true, 1, MAX_NAME);
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_DAYS)) {
            throw ApiException.invalid("expires_in_days", "must be a whole number from 1 to " + MAX_DAYS);
        }
        return new CreateApiKeyRequest(checkedName, expiresInDays, agentIds == null ? null : List.copyOf(distinctAgents()));
    }

    private Set<UUID> distinctAgents() {
        if (agentIds.isEmpty()) {
            throw ApiException.invalid("agent_ids", "must name at least one agent (leave it out for all agents)");
        }
        if (agentIds.contains(null)) {
            throw ApiException.invalid("agent_ids", "must contain agent ids only");
        }
        return new LinkedHashSet<>(agentIds);
    }
}
