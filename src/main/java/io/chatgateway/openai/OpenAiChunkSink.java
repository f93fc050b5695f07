package io.chatgateway.openai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.relay.SseSink;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A streamed completion: the generation's events as OpenAI {@code chat.completion.chunk}s, each one
 * {@code data: {json}} line and a blank line, flushed at once; no {@code event:} names (OpenAI SDKs would yield them as
 * something else) and no {@code id:} lines. {@code message} events become content deltas, {@code done} the last chunk
 * ({@code finish_reason: "stop"}), then the usage chunk when asked and {@code data: [DONE]}; an {@code error} after
 * the stream began becomes {@code data: {"error": {...}}} and the stream ends (OpenAI SDKs raise it), except the
 * answer size limit, which ends the answer with {@code finish_reason: "length"}. {@code status} events are dropped.
 * Heartbeats are SSE comments ({@code : ping}). Each event (the last chunk, the usage chunk and [DONE] together) is
 * one write. Locking, heartbeats and detaching when the client went away (which stops the generation): {@link SseSink}.
 */
final class OpenAiChunkSink extends SseSink {

    static final String ANSWER_TOO_LARGE = "answer_too_large";

    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;
    private final Completion completion;
    private long completionCharacters;

    /** What every chunk repeats, and what the usage chunk counts. */
    record Completion(String id, long created, String model, boolean includeUsage, long promptCharacters) {
    }

    private OpenAiChunkSink(HttpServletResponse response, ObjectMapper json, Completion completion,
                            Runnable onDetach) throws IOException {
        super(response.getOutputStream(), PING, onDetach);
        this.json = json;
        this.completion = completion;
    }

    /** Starts the response and sends the first chunk (the assistant's role), so the client sees the stream begin. */
    static OpenAiChunkSink open(HttpServletResponse response, ObjectMapper json, Completion completion,
                                UUID generationId, Runnable onDetach) throws IOException {
        start(response, generationId);
        OpenAiChunkSink sink = new OpenAiChunkSink(response, json, completion, onDetach);
        sink.write(sink.chunk(new ChatCompletionChunk.Delta("assistant", ""), null));
        return sink;
    }

    @Override
    public void event(String id, String eventJson) {
        if (!attached()) {
            return;
        }
        JsonNode event = read(eventJson);
        JsonNode data = event.path("data");
        switch (event.path("type").asText()) {
            case "message" -> {
                String content = data.path("content").asText();
                completionCharacters += Usage.characters(content);
                write(chunk(new ChatCompletionChunk.Delta(null, content), null));
            }
            case "done" -> finish("stop");
            case "error" -> {
                if (ANSWER_TOO_LARGE.equals(data.path("code").asText())) {
                    finish("length");
                } else {
                    write(OpenAiErrors.bytes(new OpenAiException(502, data.path("message").asText(), "server_error",
                            null, data.path("code").asText(null), false)));
                }
            }
            default -> {
                // status events say what the relay does: nothing an OpenAI client reads
            }
        }
    }

    /** The last chunk, the usage chunk when asked, and [DONE], in one write. */
    private void finish(String finishReason) {
        byte[] last = chunk(new ChatCompletionChunk.Delta(null, null), finishReason);
        byte[] usage = completion.includeUsage()
                ? json(new ChatCompletionChunk(completion.id(), completion.created(), completion.model(), List.of(),
                        Optional.of(Usage.estimate(completion.promptCharacters(), completionCharacters))))
                : null;
        write(last, usage, DONE);
    }

    private byte[] chunk(ChatCompletionChunk.Delta delta, String finishReason) {
        return json(new ChatCompletionChunk(completion.id(), completion.created(), completion.model(),
                List.of(new ChatCompletionChunk.Choice(0, delta, null, finishReason)),
                completion.includeUsage() ? Optional.empty() : null));
    }

    /** Writes the events ({@code data:} JSON, or a whole line such as [DONE]; null: none) in one write. */
    private void write(byte[]... events) {
        int length = 0;
        for (byte[] event : events) {
            length += event == null ? 0 : event == DONE ? DONE.length : DATA.length + event.length + END.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] event : events) {
            if (event == DONE) {
                at = append(all, at, DONE);
            } else if (event != null) {
                at = append(all, append(all, append(all, at, DATA), event), END);
            }
        }
        send(all);
    }

    private static int append(byte[] to, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, to, at, bytes.length);
        return at + bytes.length;
    }

    private JsonNode read(String eventJson) {
        try {
            return json.readTree(eventJson);
        } catch (IOException e) {
            throw new IllegalStateException("An event of the relay is not JSON", e);
        }
    }

    private byte[] json(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
