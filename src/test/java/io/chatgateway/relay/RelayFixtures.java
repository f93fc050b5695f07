package io.chatgateway.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.support.TestAccounts.Account;
import org.springframework.jdbc.core.JdbcTemplate;

/** Agents and chats as rows (the agents/chats API is not needed to test the relay), and what the relay stored. */
final class RelayFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    RelayFixtures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    UUID agent(Account owner, String webhookUrl, String token, String configJson) {
        return jdbc.queryForObject("""
                INSERT INTO agents (team_id, name, webhook_url, webhook_token, system_prompt, config, created_by)
                VALUES (?, 'Test agent', ?, ?, 'Be brief.', CAST(? AS jsonb), ?) RETURNING id""",
                UUID.class, owner.teamId(), webhookUrl, token, configJson, owner.userId());
    }

    UUID chat(Account owner, UUID agentId) {
        return jdbc.queryForObject("INSERT INTO chats (team_id, user_id, agent_id) VALUES (?, ?, ?) RETURNING id",
                UUID.class, owner.teamId(), owner.userId(), agentId);
    }

    /** A chat of the owner with a fresh agent calling the URL. */
    UUID chat(Account owner, String webhookUrl) {
        return chat(owner, agent(owner, webhookUrl, null, "{}"));
    }

    UUID chat(Account owner, String webhookUrl, String configJson) {
        return chat(owner, agent(owner, webhookUrl, null, configJson));
    }

    void deactivate(UUID agentId) {
        jdbc.update("UPDATE agents SET is_active = false WHERE id = ?", agentId);
    }

    void delete(UUID agentId) {
        jdbc.update("UPDATE agents SET deleted_at = now() WHERE id = ?", agentId);
    }

    List<JsonNode> messages(UUID chatId) {
        Map<String, Object> row = jdbc.queryForMap("SELECT messages::text AS messages, message_count FROM chats WHERE id = ?", chatId);
        try {
            List<JsonNode> messages = new ArrayList<>();
            JSON.readTree((String) row.get("messages")).forEach(messages::add);
            if (((Number) row.get("message_count")).intValue() != messages.size()) {
                throw new AssertionError("message_count " + row.get("message_count") + " but " + messages.size() + " messages");
            }
            return messages;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (up to 20 s) until the chat holds the number of messages: for answers saved after the response ended. */
    List<JsonNode> awaitMessages(UUID chatId, int count) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<JsonNode> messages = messages(chatId);
            if (messages.size() >= count) {
                return messages;
            }
            Thread.sleep(100);
        }
        return messages(chatId);
    }

    List<Map<String, Object>> errorLogs(UUID chatId) {
        return jdbc.queryForList("SELECT code, detail, team_id, user_id, agent_id FROM error_logs WHERE chat_id = ? ORDER BY created_at", chatId);
    }
}
