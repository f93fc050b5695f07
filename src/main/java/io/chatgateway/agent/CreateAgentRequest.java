package io.chatgateway.agent;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * POST /api/agents. {@code name} (1-100 characters) and {@code webhook_url} are required; {@code config} is a
 * free-form object passed to n8n except its {@code relay} member (the gateway's own settings, see
 * {@link RelaySettingLimits}); {@code is_active} defaults to true; {@code webhook_token} is write-only.
 * {@code n8n_api_url} and {@code n8n_api_key} (write-only) name the n8n public API that a stop also stops the
 * workflow's execution through (optional; both are needed for it).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateAgentRequest(
        String name,
        String description,
        String webhookUrl,
        String webhookToken,
        String systemPrompt,
        Map<String, Object> config,
        Boolean isActive,
        String avatarUrl,
        String n8nApiUrl,
        String n8nApiKey) {
}
