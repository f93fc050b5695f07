package io.chatgateway.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into lines (LF, CR or CRLF) as the bytes arrive, without decoding: a line split across
 * reads, or a UTF-8 character split across reads, is kept until it is complete. A line longer than the limit is
 * an error, so a misbehaving upstream cannot make the buffer grow without bound.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLine;
    /** Starts small (n8n's lines are a few hundred bytes) and grows with longer lines, up to the limit. */
    private byte[] buffer = new byte[2048];
    private int position;
    private int limit;
    private boolean skipLineFeed;
    private int lineStart;
    private int lineLength;

    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        int scan = position;
        while (true) {
            if (skipLineFeed && position < limit) {
                if (buffer[position] == '\n') {
                    position++;
                }
                skipLineFeed = false;
                scan = position;
            }
            for (int i = scan; i < limit; i++) {
                byte b = buffer[i];
                if (b == '\n' || b == '\r') {
                    if (i - position > maxLine) {
                        throw tooLong();
                    }
                    lineStart = position;
                    lineLength = i - position;
                    position = i + 1;
                    skipLineFeed = b == '\r';
                    return true;
                }
            }
            if (limit - position > maxLine) {
                throw tooLong();
            }
            int scanned = limit - position;
            if (!fill()) {
                if (position < limit) {
                    lineStart = position;
                    lineLength = limit - position;
                    position = limit;
                    return true;
                }
                return false;
            }
            scan = position + scanned;
        }
    }

    private RelayException tooLong() {
        return new RelayException(RelayError.LINE_TOO_LONG, "The agent sent a line longer than " + maxLine + " bytes");
    }

    byte[] buffer() {
        return buffer;
    }

    int lineStart() {
        return lineStart;
    }

    int lineLength() {
        return lineLength;
    }

    boolean lineIsBlank() {
        for (int i = lineStart; i < lineStart + lineLength; i++) {
            if (buffer[i] != ' ' && buffer[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    String line() {
        return new String(buffer, lineStart, lineLength, StandardCharsets.UTF_8);
    }

    private boolean fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            byte[] larger = new byte[Math.min(buffer.length * 2, maxLine + 8192)];
            System.arraycopy(buffer, 0, larger, 0, limit);
            buffer = larger;
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            return false;
        }
        limit += read;
        return true;
    }
}
