package io.chatgateway.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The SSE response, written straight to the servlet response, and the one writer of {@link StreamEvent}s: each
 * event is one {@code id:} line, one {@code data:} line with the event as JSON and a blank line, flushed once it
 * is complete (so even a client that splits each read on newlines sees whole events). Events are serialised as
 * UTF-8 straight into the response's byte buffer: no buffer of the stream's own, and none of the servlet
 * writer's (its encoder holds 24 KB per response). A failed write means the client is gone: the stream detaches
 * and the generation goes on without it. The watchdog thread may write heartbeats, hence the lock.
 */
final class SseStream implements EventSink {

    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final ObjectWriter events;
    private final Runnable onDetach;
    private final ReentrantLock lock = new ReentrantLock();
    private long nextId = 1;
    private volatile boolean attached = true;
    private volatile long lastWriteNanos = System.nanoTime();

    private SseStream(OutputStream out, ObjectWriter events, Runnable onDetach) {
        this.out = out;
        this.events = events;
        this.onDetach = onDetach;
    }

    /**
     * How events are serialised onto the response: the stream is neither closed nor flushed by Jackson, so an
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
        return new SseStream(response.getOutputStream(), events, onDetach);
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
                out.write(HEARTBEAT);
                out.flush();
                lastWriteNanos = System.nanoTime();
            }
        } catch (IOException clientGone) {
            detach();
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
            out.write(ID);
            out.write(Long.toString(nextId++).getBytes(StandardCharsets.US_ASCII));
            out.write(DATA);
            events.writeValue(out, event);
            out.write(END);
            out.flush();
            lastWriteNanos = System.nanoTime();
        } catch (IOException clientGone) {
            detach();
        } finally {
            lock.unlock();
        }
    }

    private void detach() {
        if (attached) {
            attached = false;
            onDetach.run();
        }
    }
}
