package bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Usage: {@code java bench.MockN8n --port 18081 [--crud-bytes 4000]}
 */
public final class MockN8n {

    private static final byte[] CRLF = {'\r', '\n'};
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
                wire.readBody(head, false, null);
                String[] requestLine = head.firstLine().split(" ");
                respond(requestLine[0], requestLine.length > 1 ? requestLine[1] : "/", received, out);
                if (head.wantsClose()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (or sent garbage): nothing to report for a mock
        }
    }

    private void respond(String method, String target, long received, OutputStream out) throws IOException {
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        if (method.equals("GET")) {
            byte[] body = switch (path) {
                case "/health" -> "ok".getBytes(StandardCharsets.US_ASCII);
                case "/stats" -> ("{\"connections\":" + connections.get() + ",\"answers\":" + answers.get() + "}")
                        .getBytes(StandardCharsets.US_ASCII);
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
        switch (mode) {
            case "ndjson" -> {
                out.write(head("200 OK", "application/json; charset=utf-8", "Transfer-Encoding: chunked",
                        chunk("{\"type\":\"begin\",\"metadata\":{\"nodeName\":\"AI Agent\"}}\n")));
                for (int i = 0; i < tokens; i++) {
                    sleepUntil(firstAt + i * delayNanos);
                    out.write(chunk("{\"type\":\"item\",\"content\":\"" + token(i)
                            + "\",\"metadata\":{\"nodeName\":\"AI Agent\"}}\n"));
                }
                out.write(last("{\"type\":\"end\",\"metadata\":{\"nodeName\":\"AI Agent\"}}\n"));
            }
            case "sse" -> {
                out.write(head("200 OK", "text/event-stream", "Transfer-Encoding: chunked", new byte[0]));
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
