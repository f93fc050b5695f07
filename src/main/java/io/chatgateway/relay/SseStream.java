package io.chatgateway.relay;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The SSE response of a send, written straight to the servlet response: each event is one
 * {@code id: <generation_id>:<seq>} line, one {@code data:} line with the event's JSON and a blank line, flushed once
 * it is complete (so even a client that splits each read on newlines sees whole events). A failed write means the
 * client is gone: the stream detaches and the generation goes on without it. The watchdog thread may write
 * heartbeats, hence the lock.
 */
final class SseStream implements EventSink {

    private static final String HEARTBEAT = ": keep-alive\n\n";

    private final PrintWriter writer;
    private final Runnable onDetach;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean attached = true;
    private volatile long lastWriteNanos = System.nanoTime();

    private SseStream(PrintWriter writer, Runnable onDetach) {
        this.writer = writer;
        this.onDetach = onDetach;
    }

    /** Starts the SSE response; {@code overheadMs} is the gateway's own time before n8n is called. */
    static SseStream open(HttpServletResponse response, long overheadMs, UUID generationId, Runnable onDetach)
            throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("X-Gateway-Overhead-Ms", Long.toString(overheadMs));
        response.setHeader(MessageRelay.GENERATION_HEADER, generationId.toString());
        return new SseStream(response.getWriter(), onDetach);
    }

    @Override
    public void heartbeatIfIdle(long intervalNanos) {
        // a writer holding the lock is activity enough; never queue behind it
        if (!attached || !lock.tryLock()) {
            return;
        }
        try {
            if (attached && System.nanoTime() - lastWriteNanos >= intervalNanos) {
                writer.write(HEARTBEAT);
                flushed();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastWriteNanos() {
        return lastWriteNanos;
    }

    @Override
    public boolean attached() {
        return attached;
    }

    @Override
    public void event(String id, String json) {
        if (!attached) {
            return;
        }
        lock.lock();
        try {
            if (!attached) {
                return;
            }
            writer.write("id: ");
            writer.write(id);
            writer.write("\ndata: ");
            writer.write(json);
            writer.write("\n\n");
            flushed();
        } finally {
            lock.unlock();
        }
    }

    /** Flushes what was written; PrintWriter reports a failed write (client gone) through checkError. */
    private void flushed() {
        if (writer.checkError()) {
            detach();
        }
        lastWriteNanos = System.nanoTime();
    }

    private void detach() {
        if (attached) {
            attached = false;
            onDetach.run();
        }
    }
}
