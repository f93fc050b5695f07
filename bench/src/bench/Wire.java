package bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Minimal HTTP/1.1 framing over a blocking socket stream, shared by the mock and the load generator: request and
 * status lines, headers, and bodies delimited by Content-Length, chunked encoding or connection close. Bodies are
 * handed over line by line with the time each line became complete, without buffering the whole body.
 */
final class Wire {

    interface LineSink {
        /** {@code line[0..length)} without the line break; {@code nanos} when its last byte was read. */
        void line(byte[] line, int length, long nanos) throws IOException;
    }

    record Head(String firstLine, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }

        boolean chunked() {
            String te = headers.get("transfer-encoding");
            return te != null && te.toLowerCase().contains("chunked");
        }

        long contentLength() {
            String cl = headers.get("content-length");
            return cl == null ? -1 : Long.parseLong(cl.trim());
        }

        boolean wantsClose() {
            String c = headers.get("connection");
            return c != null && c.equalsIgnoreCase("close");
        }
    }

    private final InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int lim;
    private byte[] line = new byte[1024];
    private int lineLength;
    /** when the last read() returned: the arrival time of what is in buf */
    long lastReadNanos;

    Wire(InputStream in) {
        this.in = in;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf);
        lastReadNanos = System.nanoTime();
        if (n <= 0) {
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }

    /** One head line (ASCII, CR stripped), or null at end of stream before any byte. */
    String readHeadLine() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            if (pos >= lim && !fill()) {
                if (sb.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a head line");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            sb.append((char) (b & 0xff));
            if (sb.length() > 16 * 1024) {
                throw new IOException("head line too long");
            }
        }
    }

    /** Request or status line plus headers (names lower-cased); null when the peer closed between messages. */
    Head readHead() throws IOException {
        String first = readHeadLine();
        if (first == null) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        String h;
        while ((h = readHeadLine()) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.merge(h.substring(0, colon).trim().toLowerCase(), h.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        if (h == null) {
            throw new EOFException("connection closed inside the head");
        }
        return new Head(first, headers);
    }

    /** Reads the body framed as {@code head} says, calling {@code sink} per line; returns the body size. */
    long readBody(Head head, boolean closeDelimited, LineSink sink) throws IOException {
        if (head.chunked()) {
            long total = 0;
            while (true) {
                String sizeLine = readHeadLine();
                if (sizeLine == null) {
                    throw new EOFException("connection closed before the last chunk");
                }
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    while ((trailer = readHeadLine()) != null && !trailer.isEmpty()) {
                        // trailers are ignored
                    }
                    flushLine(sink);
                    return total;
                }
                copy(size, sink);
                total += size;
                String crlf = readHeadLine();
                if (crlf == null || !crlf.isEmpty()) {
                    throw new IOException("bad chunk terminator");
                }
            }
        }
        long length = head.contentLength();
        if (length >= 0) {
            copy(length, sink);
            flushLine(sink);
            return length;
        }
        if (!closeDelimited) {
            return 0;
        }
        long total = 0;
        while (true) {
            if (pos >= lim && !fill()) {
                flushLine(sink);
                return total;
            }
            int n = lim - pos;
            scan(n, sink);
            total += n;
        }
    }

    private void copy(long remaining, LineSink sink) throws IOException {
        while (remaining > 0) {
            if (pos >= lim && !fill()) {
                throw new EOFException("connection closed inside the body");
            }
            int n = (int) Math.min(remaining, lim - pos);
            scan(n, sink);
            remaining -= n;
        }
    }

    private void scan(int n, LineSink sink) throws IOException {
        int end = pos + n;
        for (int i = pos; i < end; i++) {
            byte b = buf[i];
            if (b == '\n') {
                int len = lineLength;
                if (len > 0 && line[len - 1] == '\r') {
                    len--;
                }
                if (sink != null) {
                    sink.line(line, len, lastReadNanos);
                }
                lineLength = 0;
            } else {
                if (lineLength == line.length) {
                    line = java.util.Arrays.copyOf(line, line.length * 2);
                }
                line[lineLength++] = b;
            }
        }
        pos = end;
    }

    private void flushLine(LineSink sink) throws IOException {
        if (lineLength > 0 && sink != null) {
            sink.line(line, lineLength, lastReadNanos);
        }
        lineLength = 0;
    }

    static boolean contains(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static boolean startsWith(byte[] haystack, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (haystack[j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static boolean isTimeout(Throwable t) {
        return t instanceof SocketTimeoutException;
    }
}
