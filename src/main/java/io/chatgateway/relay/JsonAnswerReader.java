package io.chatgateway.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An {@code application/json} answer, told apart by its first line: n8n's native streaming (one
 * {@code {"type": "begin"|"item"|"end"|"error"}} object per line, possibly several begin/end pairs, read to the end
 * of the body) is relayed line by line; anything else is one JSON document (read whole, within the cap) whose
 * text {@link AnswerText} finds. A stream line is read with a bare parser (its {@code type} and string
 * {@code content}, no tree); a line that needs more (an error, a content that is not a string) is read as a tree.
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
        StreamItem item = new StreamItem();
        while (lines.next()) {
            if (lines.lineIsBlank()) {
                continue;
            }
            if (item.read(json, lines) && item.simple()) {
                relaySimple(item, listener);
                relayStream(lines, item, listener);
                return;
            }
            JsonNode first = parseOrNull(lines);
            if (first != null && isStreamItem(first)) {
                relayItem(first, listener);
                relayStream(lines, item, listener);
            } else {
                relayDocument(lines, listener);
            }
            return;
        }
    }

    private void relayStream(LineReader lines, StreamItem item, AnswerListener listener) throws IOException {
        while (lines.next()) {
            if (lines.lineIsBlank()) {
                continue;
            }
            if (item.read(json, lines) && item.simple()) {
                relaySimple(item, listener);
                continue;
            }
            JsonNode tree = parseOrNull(lines);
            if (tree == null) {
                throw new RelayException(RelayError.INVALID_ANSWER, "The agent sent a line that is not JSON");
            }
            relayItem(tree, listener);
        }
    }

    /** An item, begin or end line whose content is a string or absent: what {@link #relayItem} does with its tree. */
    private static void relaySimple(StreamItem item, AnswerListener listener) {
        if (item.type.equals("item") && item.content != null) {
            listener.text(item.content);
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

    /**
     * The fields of one stream line that matter, read with a bare parser: {@code type} and {@code content} (the last
     * of each, as in a tree), the rest skipped. {@link #simple} tells whether that is all the line says: an object
     * whose type is begin, item or end and whose content is a string, null or absent. Anything else (an error, a
     * content that is an object, number or array, a line that is not JSON) is left to the tree, whose reading of
     * it decides.
     */
    static final class StreamItem {

        String type;
        String content;
        private boolean contentIsOther;

        /** False when the line is not one complete JSON object. */
        boolean read(ObjectMapper json, LineReader lines) {
            type = null;
            content = null;
            contentIsOther = false;
            try (JsonParser parser = json.getFactory().createParser(lines.buffer(), lines.lineStart(), lines.lineLength())) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return false;
                }
                for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                    JsonToken value = parser.nextToken();
                    if (field.equals("type")) {
                        type = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    } else if (field.equals("content")) {
                        contentIsOther = value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL;
                        content = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    }
                    parser.skipChildren();
                }
                return parser.currentToken() == JsonToken.END_OBJECT;
            } catch (IOException e) {
                return false;
            }
        }

        boolean simple() {
            return type != null && !contentIsOther
                    && (type.equals("item") || type.equals("begin") || type.equals("end"));
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
