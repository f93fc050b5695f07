package io.chatgateway.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@code text/event-stream} answer, parsed per the SSE specification: {@code data:} lines (several are joined
 * with \n), {@code event:}, comments, LF/CR/CRLF; an event is dispatched at its blank line. The data is JSON
 * ({@link AnswerText} shapes, including OpenAI's deltas) or plain text; {@code [DONE]} ends the answer; an
 * {@code error} event or a JSON {@code {"type":"error"}}/{@code {"error":...}} is the agent's error. Lines are
 * read as bytes: the data is decoded once per event, or parsed as JSON straight from its bytes.
 */
final class SseAnswerReader implements AnswerReader {

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LF = {'\n'};

    private final ObjectMapper json;
    private final int maxAnswerBytes;

    SseAnswerReader(ObjectMapper json, int maxAnswerBytes) {
        this.json = json;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    @Override
    public void read(InputStream body, AnswerListener listener) throws IOException {
        LineReader lines = new LineReader(body, maxAnswerBytes);
        Data data = new Data();
        boolean hasData = false;
        boolean errorEvent = false;
        while (lines.next()) {
            if (lines.lineLength() == 0) {
                if (hasData && !dispatch(errorEvent, data, listener)) {
                    return;
                }
                data.length = 0;
                hasData = false;
                errorEvent = false;
                continue;
            }
            // fields are ASCII: compared as bytes, so a line is never decoded for them
            byte[] buffer = lines.buffer();
            int start = lines.lineStart();
            int end = start + lines.lineLength();
            if (buffer[start] == ':') {
                continue;
            }
            int colon = start;
            while (colon < end && buffer[colon] != ':') {
                colon++;
            }
            int valueStart = colon < end ? colon + 1 : end;
            if (valueStart < end && buffer[valueStart] == ' ') {
                valueStart++;
            }
            if (same(buffer, start, colon, DATA)) {
                if (hasData) {
                    data.append(LF, 0, 1);
                }
                data.append(buffer, valueStart, end - valueStart);
                hasData = true;
                if (data.length > maxAnswerBytes) {
                    throw new RelayException(RelayError.LINE_TOO_LONG,
                            "The agent sent an event larger than " + maxAnswerBytes + " bytes");
                }
            } else if (same(buffer, start, colon, EVENT)) {
                errorEvent = same(buffer, valueStart, end, ERROR);
            }
        }
        // per the specification an event without its closing blank line is discarded
    }

    /** Relays one event; false when it ends the answer. */
    private boolean dispatch(boolean errorEvent, Data data, AnswerListener listener) {
        if (same(data.bytes, 0, data.length, DONE)) {
            return false;
        }
        JsonNode value = null;
        byte first = data.length == 0 ? (byte) ' ' : data.bytes[0];
        if (first == '{' || first == '[' || first == '"') {
            value = data.utf8Json() ? parseOrNull(data.bytes, data.length) : null;
            if (value == null) {
                // not JSON, or not UTF-8: the text as decoded (malformed bytes become U+FFFD) decides, as it always did
                value = parseOrNull(data.text());
            }
        }
        String text = value == null ? data.text() : null;
        if (errorEvent || value != null && isError(value)) {
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

    private JsonNode parseOrNull(byte[] bytes, int length) {
        try {
            return json.readTree(bytes, 0, length);
        } catch (IOException e) {
            return null;
        }
    }

    private JsonNode parseOrNull(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean same(byte[] bytes, int from, int to, byte[] ascii) {
        return Arrays.equals(bytes, from, to, ascii, 0, ascii.length);
    }

    /** The data lines of the event being read, joined by LF, as the bytes arrived. */
    private static final class Data {

        byte[] bytes = new byte[256];
        int length;

        void append(byte[] from, int offset, int count) {
            if (length + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
            }
            System.arraycopy(from, offset, bytes, length, count);
            length += count;
        }

        String text() {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }

        /**
         * Whether Jackson would read these bytes as UTF-8: it takes a zero among the first four bytes for UTF-16 or
         * UTF-32, which data that is UTF-8 text never has there.
         */
        boolean utf8Json() {
            for (int i = 0; i < Math.min(4, length); i++) {
                if (bytes[i] == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static boolean isError(JsonNode value) {
        return value.isObject() && ("error".equals(value.path("type").asText()) || value.hasNonNull("error"));
    }
}
