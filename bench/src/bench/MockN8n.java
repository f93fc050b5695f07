package bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for n8n webhooks that holds thousands of concurrent answers cheaply: one virtual thread per
 * connection, blocking socket writes, one write (= one TCP segment) per token, keep-alive.
 *
 * <p>{@code POST /webhook/<mode>/<tokens>/<delayMs>/<ttftMs>} answers with {@code tokens} pieces, the first
 * {@code ttftMs} after the request, then one every {@code delayMs}. Modes: {@code ndjson} (n8n's streaming
 * response: begin, item..., end; application/json, chunked), {@code sse} ({@code data: {"content":..}} ...
 * {@code data: [DONE]}), {@code json} (one {@code {"output": ...}} body after the whole delay).
 * Any GET answers a static JSON document of {@code --crud-bytes} (the floor for the CRUD scenario);
 * {@code GET /health} answers {@code ok}; {@code GET /stats} {@code {"connections":n,"answers":n}} so far.
 *
 * <p>A sixth path segment {@code /watch} (B10) watches the client's side of the connection while streaming: the
 * answer is sent with {@code Connection: close}, a second virtual thread blocks on the socket's input, and the
 * moment the client closes it (or a write fails) is recorded under the request's {@code session_id} (the gateway
 * sends the chat id). {@code GET /closed} lists them, one {@code <session_id> <System.nanoTime()>} a line; on Linux
 * nanoTime is CLOCK_MONOTONIC, the same clock in every process of the machine. Unwatched answers cost nothing more.
 *
 * <p>Usage: {@code java bench.MockN8n --port 18081 [--crud-bytes 4000]}
 */
public final class MockN8n {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final Pattern SESSION_ID = Pattern.compile("\"session_id\"\\s*:\\s*\"([^\"]+)\"");
    /** watched answers: session id → when the client closed the connection (nanoTime) */
    private final Map<String, Long> closed = new ConcurrentHashMap<>();
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final byte[] crudBody;

    private MockN8n(int crudBytes) {
        StringBuilder sb = new StringBuilder("[");
        int i = 0;
        while (sb.length() < crudBytes - 200) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"00000000-0000-4000-8000-").append(String.format("%012d", i))
                    .append("\",\"title\":\"Chat number ").append(i)
                    .append("\",\"agent_id\":\"00000000-0000-4000-8000-000000000001\",\"message_count\":8,")
                    .append("\"created_at\":\"2025-01-01T00:00:00Z\",\"updated_at\":\"2025-01-01T00:00:00Z\"}");
            i++;
        }
        crudBody = sb.append("]").toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        int port = 18081;
        int crudBytes = 4000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--crud-bytes" -> crudBytes = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        new MockN8n(crudBytes).serve(port);
    }

    private void serve(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8192);
        System.out.println("mock n8n listening on 127.0.0.1:" + server.getLocalPort());
        while (true) {
            Socket socket = server.accept();
            connections.incrementAndGet();
            Thread.ofVirtual().start(() -> connection(socket));
        }
    }

    private void connection(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            Wire wire = new Wire(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            Wire.Head head;
            while ((head = wire.readHead()) != null) {
                long received = System.nanoTime();
                String[] requestLine = head.firstLine().split(" ");
                String target = requestLine.length > 1 ? requestLine[1] : "/";
                if (target.endsWith("/watch") && requestLine[0].equals("POST")) {
                    StringBuilder body = new StringBuilder();
                    wire.readBody(head, false, (line, length, nanos) ->
                            body.append(new String(line, 0, length, StandardCharsets.UTF_8)));
                    watched(socket, target.substring(0, target.length() - "/watch".length()), body, received, out);
                    return;
                }
                wire.readBody(head, false, null);
                respond(requestLine[0], target, received, out);
                if (head.wantsClose()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (or sent garbage): nothing to report for a mock
        }
    }

    /**
     * A streamed answer whose connection is watched: the first sign that the client closed it (end of its input,
     * a reset, a failed write) is recorded for the request's session id. The connection is closed afterwards.
     */
    private void watched(Socket socket, String target, CharSequence body, long received, OutputStream out) {
        Matcher m = SESSION_ID.matcher(body);
        String session = m.find() ? m.group(1) : "unknown";
        AtomicBoolean answered = new AtomicBoolean();
        Runnable gone = () -> {
            long at = System.nanoTime();
            if (!answered.get()) {
                closed.putIfAbsent(session, at);
            }
        };
        Thread watcher = Thread.ofVirtual().start(() -> {
            try {
                // the client sends nothing while the answer streams: a read returns only when it closes
                while (socket.getInputStream().read() >= 0) {
                    // unexpected bytes (a pipelined request): ignored, the connection closes after this answer
                }
            } catch (IOException e) {
                // reset: closed too
            }
            gone.run();
        });
        try {
            respond("POST", target, received, new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (closed.containsKey(session) && !answered.get()) {
                        throw new IOException("the client closed the connection");
                    }
                    if (len >= 5 && b[off + len - 5] == '0' && b[off + len - 1] == '\n' && b[off + len - 2] == '\r'
                            && b[off + len - 3] == '\n' && b[off + len - 4] == '\r') {
                        answered.set(true); // the last chunk: a close after it is the end of a whole answer
                    }
                    out.write(b, off, len);
                }
            }, "Connection: close");
        } catch (IOException e) {
            gone.run();
        } finally {
            answered.set(true);
            watcher.interrupt();
        }
    }

    private void respond(String method, String target, long received, OutputStream out) throws IOException {
        respond(method, target, received, out, null);
    }

    private void respond(String method, String target, long received, OutputStream out, String extraHeader)
            throws IOException {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        if (method.equals("GET")) {
            byte[] body = switch (path) {
                case "/health" -> "ok".getBytes(StandardCharsets.US_ASCII);
                case "/stats" -> ("{\"connections\":" + connections.get() + ",\"answers\":" + answers.get() + "}")
                        .getBytes(StandardCharsets.US_ASCII);
                case "/closed" -> closedList().getBytes(StandardCharsets.UTF_8);
                default -> crudBody;
            };
            out.write(head("200 OK", "application/json", "Content-Length: " + body.length, body));
            return;
        }
        String[] parts = path.split("/");
        // /webhook/<mode>/<tokens>/<delayMs>/<ttftMs>
        if (parts.length != 6 || !parts[1].equals("webhook")) {
            byte[] body = "{\"message\":\"unknown webhook\"}".getBytes(StandardCharsets.US_ASCII);
            out.write(head("404 Not Found", "application/json", "Content-Length: " + body.length, body));
            return;
        }
        String mode = parts[2];
        int tokens = Integer.parseInt(parts[3]);
        long delayNanos = Long.parseLong(parts[4]) * 1_000_000L;
        long firstAt = received + Long.parseLong(parts[5]) * 1_000_000L;
        answers.incrementAndGet();
        String chunked = extraHeader == null ? "Transfer-Encoding: chunked" : "Transfer-Encoding: chunked\r\n" + extraHeader;
        switch (mode) {
            case "ndjson" -> {
                out.write(head("200 OK", "application/json; charset=utf-8", chunked,
                        chunk("{\"type\":\"begin\",\"metadata\":{\"nodeName\":\"AI Agent\"}}\n")));
                for (int i = 0; i < tokens; i++) {
                    sleepUntil(firstAt + i * delayNanos);
                    out.write(chunk("{\"type\":\"item\",\"content\":\"" + token(i)
                            + "\",\"metadata\":{\"nodeName\":\"AI Agent\"}}\n"));
                }
                out.write(last("{\"type\":\"end\",\"metadata\":{\"nodeName\":\"AI Agent\"}}\n"));
            }
            case "sse" -> {
                out.write(head("200 OK", "text/event-stream", chunked, new byte[0]));
                for (int i = 0; i < tokens; i++) {
                    sleepUntil(firstAt + i * delayNanos);
                    out.write(chunk("data: {\"content\":\"" + token(i) + "\"}\n\n"));
                }
                out.write(last("data: [DONE]\n\n"));
            }
            case "json" -> {
                sleepUntil(firstAt + Math.max(0, tokens - 1) * delayNanos);
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < tokens; i++) {
                    text.append(token(i));
                }
                byte[] body = ("{\"output\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
                out.write(head("200 OK", "application/json", "Content-Length: " + body.length, body));
            }
            default -> {
                byte[] body = "{\"message\":\"unknown mode\"}".getBytes(StandardCharsets.US_ASCII);
                out.write(head("404 Not Found", "application/json", "Content-Length: " + body.length, body));
            }
        }
    }

    private String closedList() {
        StringBuilder sb = new StringBuilder();
        closed.forEach((session, at) -> sb.append(session).append(' ').append(at).append('\n'));
        return sb.toString();
    }

    private static String token(int i) {
        return "tok" + i + " ";
    }

    private static void sleepUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static byte[] head(String status, String contentType, String framing, byte[] firstBodyBytes) {
        byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\n" + framing
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + firstBodyBytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(firstBodyBytes, 0, all, head.length, firstBodyBytes.length);
        return all;
    }

    private static byte[] chunk(String data) {
        byte[] payload = data.getBytes(StandardCharsets.UTF_8);
        byte[] size = Integer.toHexString(payload.length).getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[size.length + 2 + payload.length + 2];
        System.arraycopy(size, 0, all, 0, size.length);
        System.arraycopy(CRLF, 0, all, size.length, 2);
        System.arraycopy(payload, 0, all, size.length + 2, payload.length);
        System.arraycopy(CRLF, 0, all, all.length - 2, 2);
        return all;
    }

    /** the last data chunk and the terminating zero chunk in one write, as a server flushing at the end does */
    private static byte[] last(String data) {
        byte[] c = chunk(data);
        byte[] all = new byte[c.length + 5];
        System.arraycopy(c, 0, all, 0, c.length);
        System.arraycopy("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, all, c.length, 5);
        return all;
    }
}
