package io.chatgateway.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.http.HttpServletResponse;

/**
 * What every server-sent-events response of a generation shares: the response's SSE headers, writes straight into the
 * servlet response's byte buffer (no buffer of the sink's own, none of the servlet writer's encoder), one write and one
 * flush per event, heartbeat comments when idle, and detaching when the client is gone. A failed write means the client
 * went away: the sink detaches (once), runs {@code onDetach}, and the generation goes on without it. The watchdog thread
 * may write heartbeats while a stream thread writes events, hence the lock. Subclasses say what an event's bytes are
 * ({@link SseStream} for the chat page, {@code openai.OpenAiChunkSink} for OpenAI clients).
 */
public abstract class SseSink implements EventSink {

    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] heartbeat;
    private final Runnable onDetach;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean attached = true;
    private volatile long lastWriteNanos = System.nanoTime();

    /** {@code heartbeat}: the whole SSE comment written when idle, e.g. {@code ": keep-alive\n\n"}. */
    protected SseSink(OutputStream out, byte[] heartbeat, Runnable onDetach) {
        this.out = out;
        this.heartbeat = heartbeat;
        this.onDetach = onDetach;
    }

    /** Status 200 and the headers of every SSE response of a generation (no proxy buffering, its id). */
    public static void start(HttpServletResponse response, UUID generationId) {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader(MessageRelay.GENERATION_HEADER, generationId.toString());
    }

    /**
     * An {@code id:} line, one {@code data:} line with the JSON and a blank line, as one UTF-8 array, so that it takes
     * one write into the response's buffer (each write is a trip through Tomcat's output layers). Ids are ASCII
     * ({@code <uuid>:<seq>}) and copied as they are.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact for ASCII, and copies nothing else
    public static byte[] encode(String id, String json) {
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

    /** Writes the bytes (whole events) in one write and flushes, unless the client has gone. */
    protected final void send(byte[] events) {
        write(events, true, 0);
    }

    @Override
    public final void heartbeatIfIdle(long intervalNanos) {
        // a writer holding the lock is activity enough; never queue behind it
        write(heartbeat, false, intervalNanos);
    }

    /**
     * Writes and flushes under the lock, unless the client has gone; an event waits for the lock, a heartbeat is
     * written only when the lock is free and nothing was written within {@code idleNanos}. A failed write means the
     * client went now.
     */
    private void write(byte[] bytes, boolean event, long idleNanos) {
        if (!attached) {
            return;
        }
        if (event) {
            lock.lock();
        } else if (!lock.tryLock()) {
            return;
        }
        try {
            if (attached && (event || System.nanoTime() - lastWriteNanos >= idleNanos)) {
                out.write(bytes);
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
    public final long lastWriteNanos() {
        return lastWriteNanos;
    }

    @Override
    public final boolean attached() {
        return attached;
    }

    private void detach() {
        if (attached) {
            attached = false;
            onDetach.run();
        }
    }
}
