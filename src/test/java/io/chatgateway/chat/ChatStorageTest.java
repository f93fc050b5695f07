package io.chatgateway.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.chatgateway.support.ApiClient;
import io.chatgateway.support.ApiTestBase;
import io.chatgateway.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

/**
 * How a chat's messages are stored: one JSONB array, lz4-compressed where the server has lz4 (PostgreSQL's
 * packages and images do; the embedded test server is built without it and keeps pglz).
 */
@GatewayTest
class ChatStorageTest extends ApiTestBase {

    @Test
    void aLongChatIsStoredWithLz4AndReadsBackWhole() {
        boolean lz4 = serverHasLz4();
        assertThat(jdbc.queryForObject(
                "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'chats'::regclass AND attname = 'messages'",
                String.class)).isEqualTo(lz4 ? "l" : "");

        ApiClient admin = accounts.newTeamAdmin().client();
        String agentId = admin.post("/api/agents", Map.of("name", "Storage", "webhook_url", "http://127.0.0.1:9/hook"))
                .json().get("id").asText();
        String chatId = admin.post("/api/chats", Map.of("agent_id", agentId)).json().get("id").asText();
        // a history far above PostgreSQL's 2 KB compression threshold, written the way appends write it
        jdbc.update("UPDATE chats SET messages = (SELECT jsonb_agg(jsonb_build_object('id', gen_random_uuid()::text, "
                + "'role', 'user', 'content', repeat('word ', 40) || g, 'timestamp', '2026-11-25T00:00:00Z') ORDER BY g) "
                + "FROM generate_series(1, 500) g), message_count = 500 WHERE id = ?::uuid", chatId);

        assertThat(jdbc.queryForObject("SELECT pg_column_compression(messages) FROM chats WHERE id = ?::uuid",
                String.class, chatId)).isEqualTo(lz4 ? "lz4" : "pglz");
        List<?> messages = admin.get("/api/chats/" + chatId).json().get("messages").findValuesAsText("content");
        assertThat(messages).hasSize(500).last().asString().endsWith("word 500");
    }

    private boolean serverHasLz4() {
        try {
            jdbc.execute("CREATE TEMP TABLE lz4_probe (x text COMPRESSION lz4)");
            jdbc.execute("DROP TABLE lz4_probe");
            return true;
        } catch (DataAccessException e) {
            return false;
        }
    }
}
