package io.chatgateway.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The SSE response of a send, written straight to the servlet response: each event is one
 * {@code id: <generation_id>:<seq>} line, one {@code data:} line with the event's JSON and a blank line, flushed once
 * it is complete (so even a client that splits each read on newlines sees whole events). Events are written as UTF-8
 * straight into the response's byte buffer: no buffer of the stream's own, and none of the servlet writer's (its
 * encoder holds 24 KB per response). A failed write means the client is gone: the stream detaches and the generation
 * goes on without it. The watchdog thread may write heartbeats, hence the lock.
 */
final class SseStream implements EventSink {

    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final Runnable onDetach;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean attached = true;
    private volatile long lastWriteNanos = System.nanoTime();

    private SseStream(OutputStream out, Runnable onDetach) {
        this.out = out;
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
        return new SseStream(response.getOutputStream(), onDetach);
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
            out.write(encode(id, json));
            out.flush();
            lastWriteNanos = System.nanoTime();
        } catch (IOException clientGone) {
            detach();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The whole event as one array, so that it takes one write into the response's buffer (each write is a trip
     * through Tomcat's output layers). Ids are ASCII ({@code <uuid>:<seq>}) and copied as they are.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for ASCII, and copies nothing else
    static byte[] encode(String id, String json) {
        if (!ascii(id)) {
            id = new String(id.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        byte[] event = new byte[ID.length + id.length() + DATA.length + data.length + END.length];
        int at = 0;
        System.arraycopy(ID, 0, event, at, ID.length);
        at += ID.length;
        id.getBytes(0, id.length(), event, at);
        at += id.length();
        System.arraycopy(DATA, 0, event, at, DATA.length);
        at += DATA.length;
        System.arraycopy(data, 0, event, at, data.length);
        at += data.length;
        System.arraycopy(END, 0, event, at, END.length);
        return event;
    }

    private static boolean ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
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

    private void detach() {
        if (attached) {
            attached = false;
            onDetach.run();
        }
    }
}
