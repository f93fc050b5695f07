import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One message at a time to a gateway over one keep-alive connection (a new one every 90 requests: Tomcat closes
 * after 100), reading each SSE answer to its end: time to the first byte of the response and to the first
 * "message" event, measured from the request's write.
 *
 *   java SendProbe.java PORT COOKIE CHATS_FILE SENDS FIRST_CHAT_INDEX
 *
 * prints one line: "sends=N firstbyte_p50=… firstbyte_p90=… firsttoken_p50=… firsttoken_p90=… firsttoken_p99=…" (ms).
 */
public class SendProbe {

    private static final String BODY = "{\"content\":\"Hello bench\"}";

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SendProbe(int port) {
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String cookie = args[1];
        List<String> chats = Files.readAllLines(Path.of(args[2]));
        int sends = Integer.parseInt(args[3]);
        int first = Integer.parseInt(args[4]);
        long[] firstByte = new long[sends];
        long[] firstToken = new long[sends];
        SendProbe probe = new SendProbe(port);
        for (int i = 0; i < sends; i++) {
            if (i % 90 == 0) {
                probe.connect();
            }
            String chat = chats.get((first + i) % chats.size());
            long[] times = probe.send(chat, cookie);
            firstByte[i] = times[0];
            firstToken[i] = times[1];
        }
        probe.socket.close();
        Arrays.sort(firstByte);
        Arrays.sort(firstToken);
        System.out.printf("sends=%d firstbyte_p50=%.2f firstbyte_p90=%.2f firsttoken_p50=%.2f firsttoken_p90=%.2f "
                        + "firsttoken_p99=%.2f%n", sends, ms(firstByte, 50), ms(firstByte, 90), ms(firstToken, 50),
                ms(firstToken, 90), ms(firstToken, 99));
    }

    private static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }

    private void connect() throws IOException {
        if (socket != null) {
            socket.close();
        }
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Nanoseconds to the response's first byte and to the first message event (-1: none). */
    private long[] send(String chat, String cookie) throws IOException {
        String request = "POST /api/chats/" + chat + "/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie
                + "\r\nAccept: text/event-stream\r\nContent-Type: application/json\r\nContent-Length: "
                + BODY.length() + "\r\n\r\n" + BODY;
        long start = System.nanoTime();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int firstByte = in.read();
        long firstByteNanos = System.nanoTime() - start;
        String head = head(firstByte);
        if (!head.startsWith("HTTP/1.1 200") || !head.toLowerCase().contains("transfer-encoding: chunked")) {
            throw new IOException("unexpected answer: " + head);
        }
        long firstTokenNanos = -1;
        while (true) {
            int size = Integer.parseInt(line().trim(), 16);
            if (size == 0) {
                line();
                break;
            }
            String chunk = new String(in.readNBytes(size), StandardCharsets.UTF_8);
            line();
            if (firstTokenNanos < 0 && chunk.contains("\"type\":\"message\"")) {
                firstTokenNanos = System.nanoTime() - start;
            }
        }
        return new long[] {firstByteNanos, firstTokenNanos};
    }

    private String head(int first) throws IOException {
        StringBuilder head = new StringBuilder().append((char) first);
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new EOFException(head.toString());
            }
            head.append((char) next);
        }
        return head.toString();
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException();
            }
            line.append((char) c);
        }
        return line.toString();
    }
}
