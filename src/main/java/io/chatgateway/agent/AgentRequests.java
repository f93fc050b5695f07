package io.chatgateway.agent;

import java.util.List;
import java.util.Map;

import io.chatgateway.system.ApiException;
import io.chatgateway.system.Fields;
import io.chatgateway.system.RequestBodies;
import org.springframework.stereotype.Component;

/**
 * Checks agent request bodies (types were checked by the binding) and returns them as the store writes them:
 * trimmed, defaults applied. Every refusal is a 422 naming the field, with the texts of every other endpoint.
 */
@Component
public class AgentRequests {

    private static final int MAX_TEXT = 20_000;

    private final WebhookUrlPolicy webhookUrlPolicy;

    public AgentRequests(WebhookUrlPolicy webhookUrlPolicy) {
        this.webhookUrlPolicy = webhookUrlPolicy;
    }

    CreateAgentRequest create(CreateAgentRequest body) {
        RequestBodies.require(body);
        return new CreateAgentRequest(
                Fields.text("name", body.name(), true, 1, 100),
                Fields.text("description", body.description(), false, 0, 2000),
                webhookUrl(Fields.text("webhook_url", body.webhookUrl(), true, 1, 2000)),
                Fields.rawText("webhook_token", body.webhookToken(), false, 1, 2000),
                Fields.rawText("system_prompt", body.systemPrompt(), false, 0, MAX_TEXT),
                config(body.config() == null ? Map.of() : body.config()),
                body.isActive() == null || body.isActive(),
                avatarUrl(body.avatarUrl()),
                n8nApiUrl(body.n8nApiUrl()),
                Fields.rawText("n8n_api_key", body.n8nApiKey(), false, 1, 2000));
    }

    /**
     * Fields not sent stay null (unchanged). Optional fields (description, webhook_token, system_prompt,
     * avatar_url, n8n_api_url, n8n_api_key) sent as null are cleared; the others refuse null.
     */
    UpdateAgentRequest update(UpdateAgentRequest body) {
        RequestBodies.require(body);
        return new UpdateAgentRequest(
                notNull(body, "name", body.name()) ? Fields.text("name", body.name(), true, 1, 100) : null,
                Fields.text("description", body.description(), false, 0, 2000),
                notNull(body, "webhook_url", body.webhookUrl())
                        ? webhookUrl(Fields.text("webhook_url", body.webhookUrl(), true, 1, 2000)) : null,
                Fields.rawText("webhook_token", body.webhookToken(), false, 1, 2000),
                Fields.rawText("system_prompt", body.systemPrompt(), false, 0, MAX_TEXT),
                notNull(body, "config", body.config()) ? config(body.config()) : null,
                notNull(body, "is_active", body.isActive()) ? body.isActive() : null,
                avatarUrl(body.avatarUrl()),
                n8nApiUrl(body.n8nApiUrl()),
                Fields.rawText("n8n_api_key", body.n8nApiKey(), false, 1, 2000),
                body.sent());
    }

    /** Sent with a value; sent as null it is refused (the column cannot be empty). */
    private static boolean notNull(UpdateAgentRequest body, String field, Object value) {
        if (!body.has(field)) {
            return false;
        }
        if (value == null) {
            throw ApiException.invalid(field, "must not be null");
        }
        return true;
    }

    private String webhookUrl(String url) {
        webhookUrlPolicy.check(url);
        return url;
    }

    /** Held to the webhook URL's policy: the gateway calls it as it calls the webhook. Paths are appended to it. */
    private String n8nApiUrl(String value) {
        String url = Fields.text("n8n_api_url", value, false, 1, 2000);
        if (url != null) {
            if (url.contains("?") || url.contains("#")) {
                throw ApiException.invalid("n8n_api_url", "must be the API's base URL, without a query or fragment");
            }
            webhookUrlPolicy.check("n8n_api_url", url);
        }
        return url;
    }

    private static String avatarUrl(String value) {
        String url = Fields.text("avatar_url", value, false, 1, 2000);
        if (url != null && !url.startsWith("/api/agents/")) {
            try {
                WebhookUrlPolicy.parse(url);
            } catch (ApiException e) {
                throw ApiException.invalid("avatar_url", "must be an http or https URL");
            }
        }
        return url;
    }

    private static Map<String, Object> config(Map<String, Object> config) {
        if (containsNul(config)) {
            throw ApiException.invalid("config", "must not contain NUL characters");
        }
        RelaySettingLimits.check(config);
        return config;
    }

    private static boolean containsNul(Object value) {
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0;
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(entry -> containsNul(entry.getKey()) || containsNul(entry.getValue()));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(AgentRequests::containsNul);
        }
        return false;
    }
}
