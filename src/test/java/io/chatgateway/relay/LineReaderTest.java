package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lines out of a byte stream as it arrives: every line ending, any split across reads, and the length limit. */
class LineReaderTest {

    private static final int LIMIT = 64;

    private static List<String> lines(InputStream in, int maxLine) throws IOException {
        LineReader reader = new LineReader(in, maxLine);
        List<String> lines = new ArrayList<>();
        while (reader.next()) {
            lines.add(reader.line());
        }
        return lines;
    }

    private static List<String> lines(String text, int... chunkSizes) throws IOException {
        return lines(ChunkedInput.of(text, chunkSizes), LIMIT);
    }

    @Test
    void splitsOnLineFeedCarriageReturnAndBoth() throws IOException {
        assertThat(lines("lf\ncr\rcrlf\r\nlast", 1000)).containsExactly("lf", "cr", "crlf", "last");
    }

    @Test
    void keepsEmptyLinesAndDoesNotInventOneAtTheEnd() throws IOException {
        assertThat(lines("a\n\nb\r\n\r\nc\r\rd\n", 1000)).containsExactly("a", "", "b", "", "c", "", "d");
        assertThat(lines("\n", 1000)).containsExactly("");
        assertThat(lines("", 1000)).isEmpty();
        assertThat(lines("no line end", 1000)).containsExactly("no line end");
    }

    @Test
    void aCarriageReturnThenALineFeedInTheNextReadIsOneLineEnd() throws IOException {
        assertThat(lines(ChunkedInput.pieces("one\r", "\ntwo\r", "\r\nthree"), LIMIT)).containsExactly("one", "two", "", "three");
    }

    @Test
    void aCarriageReturnAtTheEndOfTheStreamEndsTheLastLine() throws IOException {
        assertThat(lines(ChunkedInput.pieces("one\r", "two\r"), LIMIT)).containsExactly("one", "two");
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 13, 64, 8192})
    void givesTheSameLinesWhereverTheReadsSplitThem(int chunkSize) throws IOException {
        String text = "{\"type\":\"begin\"}\r\n{\"type\":\"item\",\"content\":\"Grüße €𝄞\"}\n\r\ndata: x\rend";
        assertThat(lines(text, chunkSize)).containsExactly(
                "{\"type\":\"begin\"}", "{\"type\":\"item\",\"content\":\"Grüße €𝄞\"}", "", "data: x", "end");
    }

    @Test
    void aCharacterSplitAcrossReadsIsDecodedWhole() throws IOException {
        byte[] emoji = "𝄞".getBytes(StandardCharsets.UTF_8);
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        byte[] text = concat("a".getBytes(StandardCharsets.UTF_8), emoji, euro, "\nz".getBytes(StandardCharsets.UTF_8));
        // first read ends after 2 of the emoji's 4 bytes, the next after 1 of the euro sign's 3
        assertThat(lines(ChunkedInput.of(text, 3, 3, 2, 100), LIMIT)).containsExactly("a𝄞€", "z");
    }

    @Test
    void invalidUtf8BecomesReplacementCharactersNotAnError() throws IOException {
        byte[] text = concat("bad ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, (byte) 0x28}, "\n".getBytes(StandardCharsets.UTF_8));
        assertThat(lines(ChunkedInput.of(text, 1), LIMIT)).containsExactly("bad \uFFFD(");
    }

    @Test
    void exposesTheLineAsBytesWithoutCopying() throws IOException {
        LineReader reader = new LineReader(ChunkedInput.of("first\nsecond é\n", 4), LIMIT);
        assertThat(reader.next()).isTrue();
        assertThat(reader.next()).isTrue();
        assertThat(new String(reader.buffer(), reader.lineStart(), reader.lineLength(), StandardCharsets.UTF_8)).isEqualTo("second é");
        assertThat(reader.lineLength()).isEqualTo("second é".getBytes(StandardCharsets.UTF_8).length);
        assertThat(reader.next()).isFalse();
        assertThat(reader.next()).as("stays at the end").isFalse();
    }

    @Test
    void aLineOfSpacesAndTabsIsBlank() throws IOException {
        LineReader reader = new LineReader(ChunkedInput.of(" \t \n\nx \n", 2), LIMIT);
        List<Boolean> blank = new ArrayList<>();
        while (reader.next()) {
            blank.add(reader.lineIsBlank());
        }
        assertThat(blank).containsExactly(true, true, false);
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 7, 64, 8192})
    void aLineOfExactlyTheLimitIsRead(int chunkSize) throws IOException {
        String full = "x".repeat(LIMIT);
        assertThat(lines(full + "\n" + full, chunkSize)).containsExactly(full, full);
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 7, 64})
    void aLineOverTheLimitIsRefusedBeforeItsEndArrives(int chunkSize) {
        // a stream that never ends its line: the reader must give up, not buffer on
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                int count = Math.min(length, chunkSize);
                java.util.Arrays.fill(target, offset, offset + count, (byte) 'x');
                return count;
            }
        };
        assertThatThrownBy(() -> lines(endless, LIMIT))
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.error).isEqualTo(RelayError.LINE_TOO_LONG);
                    assertThat(e.getMessage()).contains("longer than " + LIMIT + " bytes");
                });
    }

    @Test
    void aLargeLimitGrowsTheBufferAsNeeded() throws IOException {
        String longLine = "y".repeat(100_000);
        assertThat(lines(ChunkedInput.of(longLine + "\nshort\n", 5000), 200_000)).containsExactly(longLine, "short");
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 7, 64, 8192})
    void aLineOverTheLimitIsRefusedHoweverTheReadsSplitIt(int chunkSize) {
        String tooLong = "z".repeat(LIMIT + 1);
        assertThatThrownBy(() -> lines("ok\n" + tooLong + "\nafter\n", chunkSize))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.LINE_TOO_LONG));
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
