package io.chatgateway.agent;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.chatgateway.system.ApiTimestamp;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An agent as the API shows it. {@code webhook_token} and {@code n8n_api_key} are never part of it
 * ({@code has_webhook_token} and {@code has_n8n_api_key} say whether there is one); {@code webhook_url} and
 * {@code n8n_api_url} are null (absent on the wire) for callers who may not see them ({@link AgentVisibility}). Timestamps keep the wire format the API had when they came from JDBC as
 * {@code java.sql.Timestamp}: milliseconds and a {@code +00:00} offset. {@code slug} is read-only: made from the name
 * at creation, kept on rename, unique in the team among agents that are not deleted; it is the model id of the
 * OpenAI-compatible API ({@code /v1/models}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Agent(
        UUID id,
        String name,
        String slug,
        String description,
        String webhookUrl,
        boolean hasWebhookToken,
        String n8nApiUrl,
        boolean hasN8nApiKey,
        String systemPrompt,
        Map<String, Object> config,
        boolean isActive,
        String avatarUrl,
        @ApiTimestamp Instant createdAt,
        @ApiTimestamp Instant updatedAt) {


    Agent withoutWebhookUrl() {
        return new Agent(id, name, slug, description, null, hasWebhookToken, null, hasN8nApiKey, systemPrompt, config,
                isActive, avatarUrl, createdAt, updatedAt);
    }
}
