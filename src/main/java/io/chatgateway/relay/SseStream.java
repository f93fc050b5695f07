package io.chatgateway.relay;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The SSE response, written straight to the servlet response: each event is one {@code id:} line, one
 * {@code data:} line of JSON and a blank line, written and flushed at once (so even a client that splits each
 * read on newlines sees whole events). Events are composed in one reused buffer; the answer text is escaped
 * into it directly, so nothing is serialised twice. A failed write means the client is gone: the stream detaches
 * and the generation goes on without it. The watchdog thread may write heartbeats, hence the lock.
 */
final class SseStream implements EventSink {

    private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

    private final PrintWriter writer;
    private final Runnable onDetach;
    private final ReentrantLock lock = new ReentrantLock();
    private final StringBuilder event = new StringBuilder(512);
    private char[] chars = new char[512];
    private long nextId = 1;
    private volatile boolean attached = true;
    private volatile long lastWriteNanos = System.nanoTime();

    private SseStream(PrintWriter writer, Runnable onDetach) {
        this.writer = writer;
        this.onDetach = onDetach;
    }

    /** Starts the SSE response; {@code overheadMs} is the gateway's own time before n8n is called. */
    static SseStream open(HttpServletResponse response, long overheadMs, Runnable onDetach) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        response.setHeader("X-Gateway-Overhead-Ms", Long.toString(overheadMs));
        return new SseStream(response.getWriter(), onDetach);
    }

    void status(String description) {
        lock.lock();
        try {
            start().append("{\"type\":\"status\",\"data\":{\"description\":\"");
            ESCAPER.quoteAsString(description, event);
            event.append("\",\"level\":\"info\"}}\n\n");
            send();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void message(String text) {
        if (!attached) {
            return;
        }
        lock.lock();
        try {
            start().append("{\"type\":\"message\",\"data\":{\"content\":\"");
            ESCAPER.quoteAsString(text, event);
            event.append("\"}}\n\n");
            send();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void done() {
        lock.lock();
        try {
            start().append("{\"type\":\"done\",\"data\":{\"message\":\"Stream completed\"}}\n\n");
            send();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void error(RelayError error, String message) {
        lock.lock();
        try {
            start().append("{\"type\":\"error\",\"data\":{\"message\":\"");
            ESCAPER.quoteAsString(message, event);
            event.append("\",\"code\":\"").append(error.code).append("\"}}\n\n");
            send();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void heartbeatIfIdle(long intervalNanos) {
        // a writer holding the lock is activity enough; never queue behind it
        if (!attached || !lock.tryLock()) {
            return;
        }
        try {
            if (System.nanoTime() - lastWriteNanos >= intervalNanos) {
                event.setLength(0);
                event.append(": keep-alive\n\n");
                send();
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

    private StringBuilder start() {
        event.setLength(0);
        return event.append("id: ").append(nextId++).append("\ndata: ");
    }

    private void send() {
        if (!attached) {
            return;
        }
        int length = event.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        event.getChars(0, length, chars, 0);
        writer.write(chars, 0, length);
        // PrintWriter reports a failed write (client gone) through checkError, which also flushes
        if (writer.checkError()) {
            attached = false;
            onDetach.run();
        }
        lastWriteNanos = System.nanoTime();
    }
}
