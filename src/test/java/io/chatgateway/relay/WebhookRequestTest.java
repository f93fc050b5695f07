package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The body n8n receives, built from the stored history and the agent's settings. */
class WebhookRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID CHAT = UUID.randomUUID();
    private static final UUID USER = UUID.randomUUID();
    private static final UUID TEAM = UUID.randomUUID();
    private static final UUID AGENT = UUID.randomUUID();

    private static JsonNode body(String history, String systemPrompt, String config) throws Exception {
        byte[] body = WebhookRequest.body(history, systemPrompt, config, CHAT, USER, TEAM, AGENT);
        return JSON.readTree(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void messagesKeepRoleContentAndTimestampInTheirOrder() throws Exception {
        String history = """
                [{"id":"m1","role":"user","content":"Hi \\"there\\" – ünïcødé 😀","timestamp":"2026-11-25T20:00:00Z"},
                 {"id":"m2","role":"assistant","content":"Hello","timestamp":"2026-11-25T20:00:01Z","status":"error","error":"cut"},
                 {"role":"user","timestamp":"2026-11-25T20:00:02Z","content":"Again","extra":{"nested":[1,2]}}]""";

        JsonNode messages = body(history, "Be brief.", "{}").get("messages");

        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).fieldNames()).toIterable().containsExactly("role", "content", "timestamp");
        assertThat(messages.get(0).get("timestamp").asText()).isEqualTo("2026-11-25T20:00:00Z");
        assertThat(messages.get(0).get("content").asText()).isEqualTo("Hi \"there\" – ünïcødé 😀");
        assertThat(messages.get(1).fieldNames()).toIterable().containsExactly("role", "content", "timestamp");
        assertThat(messages.get(2).fieldNames()).toIterable().containsExactly("role", "timestamp", "content");
        assertThat(messages.get(2).get("content").asText()).isEqualTo("Again");
    }

    @Test
    void theSeedsFieldsAndTheIds() throws Exception {
        JsonNode body = body("[]", "Be brief.", "{\"model\":\"gpt-x\",\"temperature\":0.2,\"tools\":[\"search\"]}");

        assertThat(body.fieldNames()).toIterable().containsExactly("messages", "system_prompt", "config", "session_id",
                "chat_id", "user_id", "team_id", "agent_id");
        assertThat(body.get("messages")).isEmpty();
        assertThat(body.get("system_prompt").asText()).isEqualTo("Be brief.");
        assertThat(body.get("config")).isEqualTo(JSON.readTree("{\"model\":\"gpt-x\",\"temperature\":0.2,\"tools\":[\"search\"]}"));
        assertThat(body.get("session_id").asText()).isEqualTo(CHAT.toString());
        assertThat(body.get("chat_id").asText()).isEqualTo(CHAT.toString());
        assertThat(body.get("user_id").asText()).isEqualTo(USER.toString());
        assertThat(body.get("team_id").asText()).isEqualTo(TEAM.toString());
        assertThat(body.get("agent_id").asText()).isEqualTo(AGENT.toString());
    }

    @Test
    void missingHistoryConfigAndPromptHaveDefaults() throws Exception {
        JsonNode body = body(null, null, null);
        assertThat(body.get("messages").isArray()).isTrue();
        assertThat(body.get("messages")).isEmpty();
        assertThat(body.get("config")).isEqualTo(JSON.readTree("{}"));
        assertThat(body.get("system_prompt").isNull()).isTrue();
    }

    @Test
    void aHistoryThatIsNotAnArrayIsRefused() {
        assertThatThrownBy(() -> body("{\"role\":\"user\"}", null, null)).isInstanceOf(UncheckedIOException.class);
    }
}
