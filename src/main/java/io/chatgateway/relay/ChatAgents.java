package io.chatgateway.relay;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.system.SqlStatements;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Finds a chat of the caller together with its agent (sql/relay/find-chat-agent.sql). */
@Component
class ChatAgents {

    private final JdbcClient jdbc;
    private final String findChatAgent;
    private final RelayProperties properties;
    private final ObjectMapper json;

    ChatAgents(JdbcClient jdbc, SqlStatements sql, RelayProperties properties, ObjectMapper json) {
        this.jdbc = jdbc;
        this.findChatAgent = sql.get("relay/find-chat-agent");
        this.properties = properties;
        this.json = json;
    }

    /** The chat if it is the caller's (team and owner), else empty. */
    Optional<ChatAgent> find(UUID chatId, UUID teamId, UUID userId) {
        return jdbc.sql(findChatAgent)
                .param("chatId", chatId).param("teamId", teamId).param("userId", userId)
                .query(this::chatAgent).optional();
    }

    private ChatAgent chatAgent(ResultSet row, int rowNumber) throws SQLException {
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
