package io.chatgateway.relay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted n8n on a plain server socket: every request is recorded and answered by the handler, which writes
 * raw HTTP (chunked parts flushed one by one), so tests control exactly what arrives when, and see when the
 * gateway closes the connection.
 */
public final class N8nStub implements AutoCloseable {

    public interface Handler {
        void handle(Request request, Response response) throws Exception;
    }

    public record Request(String method, String path, Map<String, String> headers, String body) {
    }

    private final ServerSocket server;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private volatile Handler handler;

    public N8nStub(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "n8n-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/webhook/agent";
    }

    public Request takeRequest() throws InterruptedException {
        Request request = requests.poll(30, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("n8n was not called");
        }
        return request;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> serve(socket), "n8n-stub-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String[] requestLine = readLine(in).split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            Request request = new Request(requestLine[0], requestLine[1], headers, new String(body, StandardCharsets.UTF_8));
            requests.add(request);
            handler.handle(request, new Response(socket.getOutputStream()));
        } catch (Exception e) {
            // the gateway closed the connection, or the test ended
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * Raw HTTP/1.1 answers; the stub closes every connection after its answer, announced ({@code Connection:
     * close}) or not ({@link #keptAlive}).
     */
    public static final class Response {

        private final OutputStream out;

        Response(OutputStream out) {
            this.out = out;
        }

        /** Status line and headers of a chunked answer; send parts with {@link #chunk}, finish with {@link #end}. */
        public void start(int status, String contentType) throws IOException {
            out.write(("HTTP/1.1 " + status + " Status\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        public void chunk(String part) throws IOException {
            chunk(part.getBytes(StandardCharsets.UTF_8));
        }

        public void chunk(byte[] part) throws IOException {
            out.write((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        public void end() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /**
         * A whole answer that lets the client keep the connection for another request, which the stub then closes
         * at once without telling, like a server whose keep-alive timeout ran out.
         */
        public void keptAlive(int status, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " Status\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
        }

        /** A whole answer with Content-Length, and any further header lines ("Name: value"). */
        public void full(int status, String contentType, String body, String... headers) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Status\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            out.write((head + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
        }
    }
}
