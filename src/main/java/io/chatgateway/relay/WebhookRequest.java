package io.chatgateway.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The body n8n receives: the seed's {@code messages} (full history, each {role, content, timestamp}),
 * {@code system_prompt} and {@code config}, plus {@code session_id} (the chat id, for n8n memory nodes) and the
 * chat, user, team and agent ids. History and config arrive from SQL as JSON text and are embedded as they are.
 */
final class WebhookRequest {

    private static final JsonFactory JSON = new JsonFactory();

    private WebhookRequest() {
    }

    static byte[] body(String historyJson, String systemPrompt, String configJson,
                       UUID chatId, UUID userId, UUID teamId, UUID agentId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(historyJson == null ? 256 : historyJson.length() + 512);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeFieldName("messages");
            json.writeRawValue(historyJson == null ? "[]" : historyJson);
            json.writeStringField("system_prompt", systemPrompt);
            json.writeFieldName("config");
            json.writeRawValue(configJson == null ? "{}" : configJson);
            json.writeStringField("session_id", chatId.toString());
            json.writeStringField("chat_id", chatId.toString());
            json.writeStringField("user_id", userId.toString());
            json.writeStringField("team_id", teamId.toString());
            json.writeStringField("agent_id", agentId.toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
