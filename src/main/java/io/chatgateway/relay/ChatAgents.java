package io.chatgateway.relay;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.agent.WebhookUrlPolicy;
import io.chatgateway.generation.Generations;
import io.chatgateway.system.ApiException;
import org.springframework.stereotype.Component;

/**
 * Reads the chat's agent from the row of the statement that starts a generation (the agent_relay_targets columns)
 * and refuses to call an agent that was deleted, is inactive or whose webhook URL may not be called (any more):
 * 409, and the start is rolled back.
 */
@Component
class ChatAgents implements Generations.Target<ChatAgent> {

    private final RelayProperties properties;
    private final ObjectMapper json;
    private final WebhookUrlPolicy webhookUrlPolicy;

    ChatAgents(RelayProperties properties, ObjectMapper json, WebhookUrlPolicy webhookUrlPolicy) {
        this.properties = properties;
        this.json = json;
        this.webhookUrlPolicy = webhookUrlPolicy;
    }

    @Override
    public ChatAgent read(ResultSet row) throws SQLException {
        return new ChatAgent(
                row.getObject("chat_id", UUID.class),
                row.getObject("agent_id", UUID.class),
                row.getString("webhook_url"),
                row.getString("webhook_token"),
                row.getString("system_prompt"),
                row.getString("config"),
                StreamSettings.of(properties, relaySettings(row.getString("relay_settings"))),
                row.getBoolean("is_active"),
                row.getBoolean("agent_deleted"));
    }

    @Override
    public void check(ChatAgent target) {
        if (target.deleted()) {
            throw ApiException.conflict("The agent of this chat has been deleted");
        }
        if (!target.active()) {
            throw ApiException.conflict("The agent of this chat is inactive");
        }
        try {
            webhookUrlPolicy.check(target.webhookUrl());
        } catch (ApiException e) {
            throw ApiException.conflict("The agent of this chat cannot be called: " + e.detail());
        }
    }

    /** The agent's config.relay; unreadable settings count as none (the global ones apply). */
    private JsonNode relaySettings(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
