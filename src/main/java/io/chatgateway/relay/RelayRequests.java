package io.chatgateway.relay;

import java.util.Map;

import io.chatgateway.agent.WebhookUrlPolicy;
import io.chatgateway.system.ApiException;
import io.chatgateway.system.JsonFields;
import org.springframework.stereotype.Component;

/** Checks of a send request that the messages route calls: the agent can be called, the content is valid. */
@Component("relayRequests")
public class RelayRequests {

    private final WebhookUrlPolicy webhookUrlPolicy;
    private final int maxContentLength;

    public RelayRequests(WebhookUrlPolicy webhookUrlPolicy, RelayProperties properties) {
        this.webhookUrlPolicy = webhookUrlPolicy;
        this.maxContentLength = properties.maxContentLength();
    }

    /** 409 when the chat's agent was deleted, is inactive or its webhook URL may not be called (any more). */
    public void checkAgent(Map<String, Object> target) {
        if (Boolean.TRUE.equals(target.get("agent_deleted"))) {
            throw ApiException.conflict("The agent of this chat has been deleted");
        }
        if (!Boolean.TRUE.equals(target.get("is_active"))) {
            throw ApiException.conflict("The agent of this chat is inactive");
        }
        try {
            webhookUrlPolicy.check((String) target.get("webhook_url"));
        } catch (ApiException e) {
            throw ApiException.conflict("The agent of this chat cannot be called: " + e.detail());
        }
    }

    /** The stored user message (JSON) for a valid {@code {"content": ...}} body. */
    public String userMessage(Map<String, Object> body) {
        String content = JsonFields.of(body).rawText("content", true, 1, maxContentLength);
        if (content.isBlank()) {
            throw ApiException.invalid("content", "must not be blank");
        }
        return StoredMessage.user(content);
    }
}
