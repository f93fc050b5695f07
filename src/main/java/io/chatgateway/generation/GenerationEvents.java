package io.chatgateway.generation;

import java.util.List;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading stored events: one JSON object per line, {@code {"type": ..., "data": {...}}}. */
final class GenerationEvents {

    private GenerationEvents() {
    }

    /** Each event of a chunk with its seq. */
    static void each(GenerationStore.StoredChunk chunk, BiConsumer<Integer, String> event) {
        int seq = chunk.firstSeq();
        int start = 0;
        String events = chunk.events();
        while (start <= events.length()) {
            int end = events.indexOf('\n', start);
            if (end < 0) {
                end = events.length();
            }
            event.accept(seq++, events.substring(start, end));
            start = end + 1;
        }
    }

    /** The answer text the stored chunks hold, and the seq of their last event (0: none). */
    record TextSoFar(String text, int lastSeq) {
    }

    static TextSoFar textSoFar(ObjectMapper mapper, List<GenerationStore.StoredChunk> chunks) {
        StringBuilder text = new StringBuilder();
        int lastSeq = 0;
        for (GenerationStore.StoredChunk chunk : chunks) {
            int[] seen = {lastSeq};
            each(chunk, (seq, event) -> {
                String piece = text(mapper, event);
                if (piece != null) {
                    text.append(piece);
                }
                seen[0] = seq;
            });
            lastSeq = seen[0];
        }
        return new TextSoFar(text.toString(), lastSeq);
    }

    /** A done or error event ends a generation's stream. */
    static boolean isFinal(String json) {
        return json.startsWith("{\"type\":\"done\"") || json.startsWith("{\"type\":\"error\"");
    }

    /** The answer text in a message event, or null. */
    static String text(ObjectMapper mapper, String json) {
        if (!json.startsWith("{\"type\":\"message\"")) {
            return null;
        }
        try {
            JsonNode content = mapper.readTree(json).path("data").path("content");
            return content.isTextual() ? content.asText() : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
