package io.chatgateway.relay;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@code text/event-stream} answer, parsed per the SSE specification: {@code data:} lines (several are joined
 * with \n), {@code event:}, comments, LF/CR/CRLF; an event is dispatched at its blank line. The data is JSON
 * ({@link AnswerText} shapes, including OpenAI's deltas) or plain text; {@code [DONE]} ends the answer; an
 * {@code error} event or a JSON {@code {"type":"error"}}/{@code {"error":...}} is the agent's error.
 */
final class SseAnswerReader implements AnswerReader {

    private final ObjectMapper json;
    private final int maxAnswerBytes;

    SseAnswerReader(ObjectMapper json, int maxAnswerBytes) {
        this.json = json;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    @Override
    public void read(InputStream body, AnswerListener listener) throws IOException {
        LineReader lines = new LineReader(body, maxAnswerBytes);
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        String event = "";
        while (lines.next()) {
            if (lines.lineLength() == 0) {
                if (hasData && !dispatch(event, data, listener)) {
                    return;
                }
                data.setLength(0);
                hasData = false;
                event = "";
                continue;
            }
            String line = lines.line();
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            int valueStart = colon < 0 ? line.length() : colon + 1;
            if (valueStart < line.length() && line.charAt(valueStart) == ' ') {
                valueStart++;
            }
            if (field.equals("data")) {
                if (hasData) {
                    data.append('\n');
                }
                data.append(line, valueStart, line.length());
                hasData = true;
                if (data.length() > maxAnswerBytes) {
                    throw new RelayException(RelayError.LINE_TOO_LONG,
                            "The agent sent an event larger than " + maxAnswerBytes + " bytes");
                }
            } else if (field.equals("event")) {
                event = line.substring(valueStart);
            }
        }
        // per the specification an event without its closing blank line is discarded
    }

    /** Relays one event; false when it ends the answer. */
    private boolean dispatch(String event, StringBuilder data, AnswerListener listener) {
        String text = data.toString();
        if (text.equals("[DONE]")) {
            return false;
        }
        JsonNode value = null;
        char first = text.isEmpty() ? ' ' : text.charAt(0);
        if (first == '{' || first == '[' || first == '"') {
            try {
                value = json.readTree(text);
            } catch (IOException e) {
                value = null;
            }
        }
        if (event.equals("error") || value != null && isError(value)) {
            String detail = value == null ? text : AnswerText.errorMessage(value);
            detail = detail == null || detail.isBlank() ? null
                    : UpstreamErrorDetails.bounded(detail, UpstreamErrorDetails.MAX_MESSAGE);
            throw new RelayException(RelayError.UPSTREAM_ERROR,
                    (detail == null ? "The agent reported an error" : "The agent reported an error: " + detail)
                            + UpstreamErrorDetails.of(value, detail));
        }
        String piece = value == null ? text : AnswerText.of(value);
        if (piece != null && !piece.isEmpty()) {
            listener.text(piece);
        }
        return true;
    }

    private static boolean isError(JsonNode value) {
        return value.isObject() && ("error".equals(value.path("type").asText()) || value.hasNonNull("error"));
    }
}
