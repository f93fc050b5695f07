package io.chatgateway.agent;

import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * POST /api/agents. {@code name} (1-100 characters) and {@code webhook_url} are required; {@code config} is a
 * free-form object passed to n8n except its {@code relay} member (the gateway's own settings, see
 * {@link RelaySettingLimits}); {@code is_active} defaults to true; {@code webhook_token} is write-only.
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
        String avatarUrl) {
}
