package io.chatgateway.apikey;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.chatgateway.auth.CurrentUser;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.RequestBodies;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * {@code /api/team/api-keys} (team admins): create a key (shown once), list the team's keys, revoke one. A
 * revocation acts at once on every replica: each /v1 request reads its key's row ({@link ApiKeyAuthenticationFilter}).
 */
@Component("apiKeys")
public class ApiKeys {

    private final ApiKeyStore keys;

    public ApiKeys(ApiKeyStore keys) {
        this.keys = keys;
    }

    public List<ApiKey> list(@Variable(CurrentUser.TEAM_ID) UUID teamId) {
        return keys.list(teamId);
    }

    public CreatedApiKey create(@Variable(CurrentUser.TEAM_ID) UUID teamId, @Variable(CurrentUser.USER_ID) UUID userId,
                                @Body CreateApiKeyRequest body) {
        CreateApiKeyRequest request = RequestBodies.require(body).checked();
        if (request.agentIds() != null && keys.countLiveAgents(teamId, request.agentIds()) != request.agentIds().size()) {
            throw ApiException.invalid("agent_ids", "must name agents of your team");
        }
        OffsetDateTime expiresAt = request.expiresInDays() == null ? null
                : OffsetDateTime.now(ZoneOffset.UTC).plusDays(request.expiresInDays());
        ApiKeyToken token = ApiKeyToken.create();
        ApiKey stored = keys.insert(teamId, userId, token, request.name(), request.agentIds(), expiresAt);
        return CreatedApiKey.of(stored, token.key());
    }

    public void revoke(@Variable(CurrentUser.TEAM_ID) UUID teamId, @Variable("apiKeyPathId") UUID id) {
        if (!keys.revoke(teamId, id)) {
            throw ApiException.notFound("API key not found");
        }
    }
}
