package bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One load-generator client: a keep-alive HTTP/1.1 connection to one target (reopened when the server closes
 * it), an optional session cookie, and the measurement of each answer it reads.
 */
final class Client implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MS = 5_000;

    private static final byte[] ITEM = Wire.ascii("\"type\":\"item\"");
    private static final byte[] MESSAGE = Wire.ascii("\"type\":\"message\"");
    private static final byte[] SSE_CONTENT = Wire.ascii("data: {\"content\"");
    private static final byte[] ERROR = Wire.ascii("\"type\":\"error\"");

    /** What one request measured; times in nanoseconds from the moment the request was written. */
    static final class Result {
        int status;
        long firstByte = -1;
        long firstMessage = -1;
        long total = -1;
        int messages;
        int[] gapsMicros = new int[8];
        int gaps;
        String error;
        String location;
        String setCookie;
        String retryAfter;
        String body;

        void gap(long nanos) {
            if (gaps == gapsMicros.length) {
                gapsMicros = java.util.Arrays.copyOf(gapsMicros, gaps * 2);
            }
            gapsMicros[gaps++] = (int) Math.min(Integer.MAX_VALUE, nanos / 1000);
        }

        boolean ok() {
            return error == null;
        }
    }

    private final String host;
    private final int port;
    private final int readTimeoutMs;
    String cookie;
    private Socket socket;
    private Wire wire;
    private OutputStream out;

    Client(URI base, int readTimeoutMs) {
        this.host = base.getHost();
        this.port = base.getPort();
        this.readTimeoutMs = readTimeoutMs;
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("the bench only targets loopback, not " + host);
        }
    }

    /**
     * Sends one request and reads the whole answer, counting streamed pieces (NDJSON items, gateway
     * {@code message} events, SSE content lines). {@code keepBody} keeps the body text for setup calls.
     */
    Result exchange(String method, String path, String contentType, String accept, String body, boolean keepBody) {
        Result r = new Result();
        byte[] request = request(method, path, contentType, accept, body);
        boolean fresh = socket == null;
        try {
            attempt(request, keepBody, r);
        } catch (IOException e) {
            disconnect();
            if (!fresh && r.firstByte < 0) {
                // a keep-alive connection the server had closed: one retry on a new connection
                r = new Result();
                try {
                    attempt(request, keepBody, r);
                } catch (IOException again) {
                    disconnect();
                    r.error = describe(again);
                }
            } else {
                r.error = describe(e);
            }
        }
        return r;
    }

    private void attempt(byte[] request, boolean keepBody, Result r) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(readTimeoutMs);
            wire = new Wire(socket.getInputStream());
            out = socket.getOutputStream();
        }
        long start = System.nanoTime();
        out.write(request);
        Wire.Head head = wire.readHead();
        if (head == null) {
            throw new IOException("connection closed before the answer");
        }
        r.firstByte = wire.lastReadNanos - start;
        String[] status = head.firstLine().split(" ", 3);
        r.status = Integer.parseInt(status[1]);
        r.location = head.header("location");
        r.setCookie = head.header("set-cookie");
        r.retryAfter = head.header("retry-after");
        StringBuilder text = keepBody ? new StringBuilder() : null;
        long[] last = {-1};
        boolean[] failed = {false};
        wire.readBody(head, true, (line, length, nanos) -> {
            if (text != null) {
                text.append(new String(line, 0, length, StandardCharsets.UTF_8)).append('\n');
            }
            if (Wire.contains(line, length, ITEM) || Wire.contains(line, length, MESSAGE)
                    || Wire.startsWith(line, length, SSE_CONTENT)) {
                r.messages++;
                if (r.firstMessage < 0) {
                    r.firstMessage = nanos - start;
                } else {
                    r.gap(nanos - last[0]);
                }
                last[0] = nanos;
            } else if (Wire.contains(line, length, ERROR)) {
                failed[0] = true;
                if (text == null) {
                    r.error = "error event: " + new String(line, 0, Math.min(length, 200), StandardCharsets.UTF_8);
                }
            }
        });
        r.total = System.nanoTime() - start;
        if (text != null) {
            r.body = text.toString();
        }
        if (r.status >= 400 && r.error == null && !keepBody) {
            r.error = "HTTP " + r.status;
        }
        if (failed[0] && r.error == null && !keepBody) {
            r.error = "error event";
        }
        if (head.wantsClose() || (!head.chunked() && head.contentLength() < 0)) {
            disconnect();
        }
    }

    private byte[] request(String method, String path, String contentType, String accept, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("User-Agent: chat-gateway-bench\r\n");
        if (accept != null) {
            sb.append("Accept: ").append(accept).append("\r\n");
        }
        if (cookie != null) {
            sb.append("Cookie: access_token=").append(cookie).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(payload.length)
                    .append("\r\n");
        }
        byte[] head = sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + payload.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(payload, 0, all, head.length, payload.length);
        return all;
    }

    private static String describe(IOException e) {
        if (Wire.isTimeout(e)) {
            return "read timeout";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }

    @Override
    public void close() {
        disconnect();
    }
}
