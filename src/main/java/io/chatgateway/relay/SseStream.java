package io.chatgateway.relay;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The SSE response, written straight to the servlet response, and the one writer of {@link StreamEvent}s: each
 * event is one {@code id:} line, one {@code data:} line with the event as JSON and a blank line, flushed once it
 * is complete (so even a client that splits each read on newlines sees whole events). The event is serialised
 * into the response's own buffer, so a stream keeps no buffer of its own between events. A failed write means
 * the client is gone: the stream detaches and the generation goes on without it. The watchdog thread may write
 * heartbeats, hence the lock.
 */
final class SseStream implements EventSink {

    private static final String HEARTBEAT = ": keep-alive\n\n";

    private final PrintWriter writer;
    private final ObjectWriter events;
    private final Runnable onDetach;
    private final ReentrantLock lock = new ReentrantLock();
    private long nextId = 1;
    private volatile boolean attached = true;
    private volatile long lastWriteNanos = System.nanoTime();

    private SseStream(PrintWriter writer, ObjectWriter events, Runnable onDetach) {
        this.writer = writer;
        this.events = events;
        this.onDetach = onDetach;
    }

    /**
     * How events are serialised onto the response: the writer is neither closed nor flushed by Jackson, so an
     * event goes out whole, when {@link #send} flushes it.
     */
    static ObjectWriter eventWriter(ObjectMapper json) {
        return json.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .without(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }

    /** Starts the SSE response; {@code overheadMs} is the gateway's own time before n8n is called. */
    static SseStream open(HttpServletResponse response, long overheadMs, ObjectWriter events, Runnable onDetach)
            throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("X-Gateway-Overhead-Ms", Long.toString(overheadMs));
        return new SseStream(response.getWriter(), events, onDetach);
    }

    void status(String description) {
        send(new StatusEvent(description));
    }

    @Override
    public void message(String text) {
        if (attached) {
            send(new MessageEvent(text));
        }
    }

    @Override
    public void done() {
        send(DoneEvent.COMPLETED);
    }

    @Override
    public void error(RelayError error, String message) {
        send(new ErrorEvent(message, error.code));
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

    private void send(StreamEvent event) {
        lock.lock();
        try {
            if (!attached) {
                return;
            }
            writer.write("id: ");
            writer.write(Long.toString(nextId++));
            writer.write("\ndata: ");
            events.writeValue(writer, event);
            writer.write("\n\n");
            flushed();
        } catch (IOException e) {
            // a PrintWriter reports failed writes through checkError; Jackson has nothing else to fail on
            detach();
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
