package io.chatgateway.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An SSE response read event by event while it arrives: {@code id:} and the JSON of {@code data:}. */
final class LiveEvents implements AutoCloseable {

    record Event(String id, JsonNode data) {
        String type() {
            return data.get("type").asText();
        }

        int seq() {
            return Integer.parseInt(id.substring(id.lastIndexOf(':') + 1));
        }

        String generationId() {
            return id.substring(0, id.lastIndexOf(':'));
        }

        /** "message:Hi", "done:stopped", "error:idle_timeout", "sync:Hi", "status". */
        String summary() {
            JsonNode payload = data.get("data");
            return switch (type()) {
                case "message" -> "message:" + payload.get("content").asText();
                case "sync" -> "sync:" + payload.get("content").asText();
                case "done" -> payload.has("reason") ? "done:" + payload.get("reason").asText() : "done";
                case "error" -> "error:" + payload.get("code").asText();
                default -> type();
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader reader;
    final List<Event> seen = new ArrayList<>();

    LiveEvents(HttpResponse<InputStream> response) {
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** The next event (heartbeats skipped), or null at the end of the stream. */
    Event next() {
        try {
            String id = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    Event event = new Event(id, JSON.readTree(line.substring(6)));
                    seen.add(event);
                    return event;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until an event of the type, returning it. */
    Event until(String type) {
        for (Event event = next(); event != null; event = next()) {
            if (event.type().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("the stream ended before a '" + type + "' event: " + summaries());
    }

    /** Reads to the end of the stream. */
    List<Event> rest() {
        while (next() != null) {
            // collected in seen
        }
        return seen;
    }

    List<String> summaries() {
        return seen.stream().map(Event::summary).toList();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
