package io.chatgateway.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An {@code application/json} answer, told apart by its first line: n8n's native streaming (one
 * {@code {"type": "begin"|"item"|"end"|"error"}} object per line, possibly several begin/end pairs, read to the end
 * of the body) is relayed line by line; anything else is one JSON document (read whole, within the cap) whose
 * text {@link AnswerText} finds.
 */
final class JsonAnswerReader implements AnswerReader {

    private final ObjectMapper json;
    private final int maxAnswerBytes;

    JsonAnswerReader(ObjectMapper json, int maxAnswerBytes) {
        this.json = json;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    @Override
    public void read(InputStream body, AnswerListener listener) throws IOException {
        LineReader lines = new LineReader(body, maxAnswerBytes);
        while (lines.next()) {
            if (lines.lineIsBlank()) {
                continue;
            }
            JsonNode first = parseOrNull(lines);
            if (first != null && isStreamItem(first)) {
                relayItem(first, listener);
                relayStream(lines, listener);
            } else {
                relayDocument(lines, listener);
            }
            return;
        }
    }

    private void relayStream(LineReader lines, AnswerListener listener) throws IOException {
        while (lines.next()) {
            if (lines.lineIsBlank()) {
                continue;
            }
            JsonNode item = parseOrNull(lines);
            if (item == null) {
                throw new RelayException(RelayError.INVALID_ANSWER, "The agent sent a line that is not JSON");
            }
            relayItem(item, listener);
        }
    }

    private static void relayItem(JsonNode item, AnswerListener listener) {
        String type = item.path("type").asText();
        JsonNode content = item.get("content");
        if (type.equals("item")) {
            if (content != null && !content.isNull()) {
                listener.text(content.isTextual() ? content.asText() : content.toString());
            }
        } else if (type.equals("error")) {
            String detail = content != null && content.isTextual() && !content.asText().isBlank()
                    ? UpstreamErrorDetails.bounded(content.asText(), UpstreamErrorDetails.MAX_MESSAGE) : null;
            throw new RelayException(RelayError.UPSTREAM_ERROR,
                    (detail == null ? "The agent's workflow reported an error" : "The agent's workflow reported an error: " + detail)
                            + UpstreamErrorDetails.of(item, detail));
        }
        // begin, end and keepalive objects carry no text
    }

    private void relayDocument(LineReader lines, AnswerListener listener) throws IOException {
        // JSON strings cannot contain raw line breaks, so joining the lines with \n keeps the document intact
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        do {
            if (document.size() + lines.lineLength() > maxAnswerBytes) {
                throw new RelayException(RelayError.ANSWER_TOO_LARGE,
                        "The agent's answer is larger than " + maxAnswerBytes + " bytes");
            }
            document.write(lines.buffer(), lines.lineStart(), lines.lineLength());
            document.write('\n');
        } while (lines.next());
        JsonNode value;
        try {
            value = json.readTree(document.toByteArray());
        } catch (JsonProcessingException e) {
            throw new RelayException(RelayError.INVALID_ANSWER, "The agent's answer is not valid JSON");
        }
        String text = AnswerText.of(value);
        if (text != null && !text.isEmpty()) {
            listener.text(text);
        }
    }

    private JsonNode parseOrNull(LineReader lines) {
        try {
            return json.readTree(lines.buffer(), lines.lineStart(), lines.lineLength());
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isStreamItem(JsonNode node) {
        JsonNode type = node.get("type");
        return node.isObject() && type != null && type.isTextual()
                && switch (type.asText()) {
                    case "begin", "item", "end", "error" -> true;
                    default -> false;
                };
    }
}
