package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads an SSE body the way the original JavaScript client does (split on newlines, JSON.parse every line that
 * starts with "data: "), after checking that every event is exactly "id: <generation>:<seq>", one complete "data: {json}" line
 * and a blank line (or a ": comment" heartbeat).
 */
final class SseEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EVENT = Pattern.compile("id: [0-9a-f-]{36}:\\d+\ndata: \\{[^\n]*\\}");

    private SseEvents() {
    }

    static List<JsonNode> parse(String body) {
        assertThat(body).as("SSE body").endsWith("\n\n");
        List<JsonNode> events = new ArrayList<>();
        for (String block : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            if (block.startsWith(":")) {
                assertThat(block).doesNotContain("\n");
                continue;
            }
            assertThat(block).as("event block").matches(EVENT);
        }
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                try {
                    events.add(JSON.readTree(line.substring(6)));
                } catch (IOException e) {
                    throw new AssertionError("data line is not JSON: " + line, e);
                }
            }
        }
        return events;
    }

    /** The events as compact "type:payload" strings, e.g. "message:Hi", "done", "error:idle_timeout". */
    static List<String> summary(List<JsonNode> events) {
        List<String> summary = new ArrayList<>();
        for (JsonNode event : events) {
            String type = event.get("type").asText();
            JsonNode data = event.get("data");
            summary.add(switch (type) {
                case "status" -> "status";
                case "message" -> "message:" + data.get("content").asText();
                case "done" -> "done";
                case "error" -> "error:" + data.get("code").asText();
                default -> type;
            });
        }
        return summary;
    }
}
