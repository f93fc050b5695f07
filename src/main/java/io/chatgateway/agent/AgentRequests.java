package io.chatgateway.agent;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.JsonFields;
import org.springframework.stereotype.Component;

/** Validates agent request bodies into the parameter maps of sql/agent/insert.sql and update.sql. */
@Component("agentRequests")
public class AgentRequests {

    private static final int MAX_TEXT = 20_000;

    private final WebhookUrlPolicy webhookUrlPolicy;
    private final ObjectMapper objectMapper;

    public AgentRequests(WebhookUrlPolicy webhookUrlPolicy, ObjectMapper objectMapper) {
        this.webhookUrlPolicy = webhookUrlPolicy;
        this.objectMapper = objectMapper;
    }

    /** POST /api/agents. */
    public Map<String, Object> create(Object body) {
        JsonFields fields = JsonFields.of(body);
        Map<String, Object> params = new HashMap<>();
        params.put("name", fields.text("name", true, 1, 100));
        params.put("webhook_url", webhookUrl(fields.text("webhook_url", true, 1, 2000)));
        params.put("description", fields.text("description", false, 0, 2000));
        params.put("webhook_token", fields.rawText("webhook_token", false, 1, 2000));
        params.put("system_prompt", fields.rawText("system_prompt", false, 0, MAX_TEXT));
        Map<String, Object> config = fields.object("config");
        params.put("config", json(config == null ? Map.of() : config));
        Boolean active = fields.bool("is_active");
        params.put("is_active", active == null || active);
        params.put("avatar_url", avatarUrl(fields));
        return params;
    }

    /**
     * PUT /api/agents/{id}: fields not sent stay unchanged. Nullable fields (description, webhook_token,
     * system_prompt, avatar_url) sent as null are cleared; the others refuse null.
     */
    public Map<String, Object> update(Object body) {
        JsonFields fields = JsonFields.of(body);
        Map<String, Object> params = new HashMap<>();
        params.put("name", notNull(fields, "name") ? fields.text("name", true, 1, 100) : null);
        params.put("webhook_url", notNull(fields, "webhook_url")
                ? webhookUrl(fields.text("webhook_url", true, 1, 2000)) : null);
        params.put("config", notNull(fields, "config") ? json(fields.object("config")) : null);
        params.put("is_active", notNull(fields, "is_active") ? fields.bool("is_active") : null);
        params.put("description", fields.text("description", false, 0, 2000));
        params.put("webhook_token", fields.rawText("webhook_token", false, 1, 2000));
        params.put("system_prompt", fields.rawText("system_prompt", false, 0, MAX_TEXT));
        params.put("avatar_url", avatarUrl(fields));
        for (String nullable : new String[] {"description", "webhook_token", "system_prompt", "avatar_url"}) {
            params.put("set_" + nullable, fields.has(nullable));
        }
        return params;
    }

    private String webhookUrl(String url) {
        webhookUrlPolicy.check(url);
        return url;
    }

    private static String avatarUrl(JsonFields fields) {
        String url = fields.text("avatar_url", false, 1, 2000);
        if (url != null && !url.startsWith("/api/agents/")) {
            try {
                WebhookUrlPolicy.parse(url);
            } catch (ApiException e) {
                throw ApiException.invalid("avatar_url", "must be an http or https URL");
            }
        }
        return url;
    }

    /** True when the field was sent with a value; sent as null it is refused (the column cannot be empty). */
    private static boolean notNull(JsonFields fields, String field) {
        if (!fields.has(field)) {
            return false;
        }
        if (fields.isNull(field)) {
            throw ApiException.invalid(field, "must not be null");
        }
        return true;
    }

    private String json(Map<String, Object> value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("config", "must be a JSON object");
        }
    }
}
