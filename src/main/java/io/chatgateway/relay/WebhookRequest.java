package io.chatgateway.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.chatgateway.system.JsonBuffers;

/**
 * The body n8n receives: the seed's {@code messages} (full history, each {role, content, timestamp}),
 * {@code system_prompt} and {@code config}, plus {@code session_id} (the chat id, for n8n memory nodes) and the
 * chat, user, team and agent ids; a call without a chat (the OpenAI-compatible API) has its own session id,
 * {@code "chat_id": null} and {@code "source": "openai"}. History and config arrive from SQL as JSON text. The stored
 * messages carry more fields (id, status, error); they are dropped here by streaming through the array, which costs
 * less than rebuilding the array in SQL on every send (bench B6).
 */
final class WebhookRequest {

    private static final JsonFactory JSON = JsonBuffers.factory();
    private static final Set<String> SENT_FIELDS = Set.of("role", "content", "timestamp");

    private WebhookRequest() {
    }

    static byte[] body(String historyJson, String systemPrompt, String configJson,
                       UUID chatId, UUID userId, UUID teamId, UUID agentId) {
        return body(historyJson, systemPrompt, configJson, chatId.toString(), chatId, userId, teamId, agentId, null);
    }

    /**
     * A body with its own session id; {@code chatId} null for a call without a chat (then {@code "chat_id": null}),
     * and {@code source} (e.g. {@code "openai"}) added when not null, so that a workflow can tell the callers apart.
     */
    static byte[] body(String historyJson, String systemPrompt, String configJson, String sessionId,
                       UUID chatId, UUID userId, UUID teamId, UUID agentId, String source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(historyJson == null ? 256 : historyJson.length() + 512);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeFieldName("messages");
            writeHistory(historyJson == null ? "[]" : historyJson, json);
            json.writeStringField("system_prompt", systemPrompt);
            json.writeFieldName("config");
            json.writeRawValue(configJson == null ? "{}" : configJson);
            json.writeStringField("session_id", sessionId);
            json.writeStringField("chat_id", chatId == null ? null : chatId.toString());
            json.writeStringField("user_id", userId.toString());
            json.writeStringField("team_id", teamId.toString());
            json.writeStringField("agent_id", agentId.toString());
            if (source != null) {
                json.writeStringField("source", source);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeHistory(String storedMessages, JsonGenerator json) throws IOException {
        try (JsonParser parser = JSON.createParser(storedMessages)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("The stored messages are not a JSON array");
            }
            json.writeStartArray();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                json.writeStartObject();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (SENT_FIELDS.contains(field)) {
                        json.writeFieldName(field);
                        json.copyCurrentStructure(parser);
                    } else {
                        parser.skipChildren();
                    }
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }
}
