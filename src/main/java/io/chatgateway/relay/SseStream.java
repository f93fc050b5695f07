package io.chatgateway.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The SSE response of a send, written straight to the servlet response: each event is one
 * {@code id: <generation_id>:<seq>} line, one {@code data:} line with the event's JSON and a blank line, written as
 * one array ({@link SseSink#encode}) and flushed once it is complete (so even a client that splits each read on
 * newlines sees whole events). Heartbeats are {@code : keep-alive} comments. Locking, heartbeats and detaching when the
 * client is gone: {@link SseSink}.
 */
final class SseStream extends SseSink {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseStream(HttpServletResponse response, Runnable onDetach) throws IOException {
        super(response.getOutputStream(), KEEP_ALIVE, onDetach);
    }

    /** Starts the SSE response; {@code overheadMs} is the gateway's own time before n8n is called. */
    static SseStream open(HttpServletResponse response, long overheadMs, UUID generationId, Runnable onDetach)
            throws IOException {
        start(response, generationId);
        response.setHeader("X-Gateway-Overhead-Ms", Long.toString(overheadMs));
        return new SseStream(response, onDetach);
    }

    @Override
    public void event(String id, String json) {
        if (attached()) {
            send(encode(id, json));
        }
    }
}
