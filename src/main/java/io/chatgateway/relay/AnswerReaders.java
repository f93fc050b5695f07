package io.chatgateway.relay;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Picks the reader for an answer by its content type: SSE, JSON (n8n streaming or one document), or else text
 * (also when unlabelled).
 */
@Component
class AnswerReaders {

    private final SseAnswerReader sse;
    private final JsonAnswerReader json;

    AnswerReaders(ObjectMapper objectMapper, RelayProperties properties) {
        int maxAnswerBytes = (int) Math.min(Integer.MAX_VALUE - 16_384, properties.maxAnswerSize().toBytes());
        this.sse = new SseAnswerReader(objectMapper, maxAnswerBytes);
        this.json = new JsonAnswerReader(objectMapper, maxAnswerBytes);
    }

    AnswerReader forContentType(String contentType) {
        MediaType type = parse(contentType);
        if (type == null) {
            return new TextAnswerReader(StandardCharsets.UTF_8);
        }
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        if (type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
            return sse;
        }
        if (subtype.equals("json") || subtype.endsWith("+json") || subtype.equals("x-ndjson") || subtype.equals("ndjson")) {
            return json;
        }
        Charset charset = type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8;
        return new TextAnswerReader(charset);
    }

    private static MediaType parse(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException | java.nio.charset.UnsupportedCharsetException e) {
            return MediaType.TEXT_PLAIN;
        }
    }
}
