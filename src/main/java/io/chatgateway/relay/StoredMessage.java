package io.chatgateway.relay;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A chat message as stored in {@code chats.messages}: {@code {"id", "role", "content", "timestamp"}}, plus
 * {@code "status"} on assistant messages ("complete" | "interrupted" | "error") and {@code "error"} on failed
 * ones. Written as JSON text once, which is what the SQL append takes.
 */
final class StoredMessage {

    private static final JsonFactory JSON = new JsonFactory();

    private StoredMessage() {
    }

    static String user(String content) {
        return write("user", content, null, null);
    }

    static String assistant(String content, String status, String error) {
        return write("assistant", content, status, error);
    }

    private static String write(String role, String content, String status, String error) {
        StringWriter out = new StringWriter(content.length() + 160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", UUID.randomUUID().toString());
            json.writeStringField("role", role);
            json.writeStringField("content", content);
            json.writeStringField("timestamp", Instant.now().toString());
            if (status != null) {
                json.writeStringField("status", status);
            }
            if (error != null) {
                json.writeStringField("error", error);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
