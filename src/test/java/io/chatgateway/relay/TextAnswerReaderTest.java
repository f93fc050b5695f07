package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A plain-text answer: the whole body is the text, relayed read by read, never a character cut in two. */
class TextAnswerReaderTest {

    private static List<String> read(Charset charset, ChunkedInput body) throws IOException {
        List<String> pieces = new ArrayList<>();
        new TextAnswerReader(charset).read(body, pieces::add);
        return pieces;
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 7, 100, 8192, 100_000})
    void relaysTheWholeBodyWhereverTheReadsSplitIt(int chunkSize) throws IOException {
        String text = "Plain answer.\r\nLine two: Grüße €𝄞 日本語\n\n{\"not\":\"parsed\"}\u0000 end";
        List<String> pieces = read(StandardCharsets.UTF_8, ChunkedInput.of(text, chunkSize));
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).as("no piece holds a broken character").noneMatch(piece -> piece.contains("\uFFFD"));
    }

    @Test
    void relaysEachReadAsItArrives() throws IOException {
        ChunkedInput body = ChunkedInput.pieces("Hel", "lo ", "world");
        List<Integer> arrivedWhenRelayed = new ArrayList<>();
        List<String> pieces = new ArrayList<>();
        new TextAnswerReader(StandardCharsets.UTF_8).read(body, piece -> {
            pieces.add(piece);
            arrivedWhenRelayed.add(body.chunksArrived());
        });
        assertThat(pieces).containsExactly("Hel", "lo ", "world");
        assertThat(arrivedWhenRelayed).containsExactly(1, 2, 3);
    }

    @Test
    void holdsBackACharacterUntilItsLastByteHasArrived() throws IOException {
        byte[] emoji = "a𝄞b".getBytes(StandardCharsets.UTF_8);
        // "a" and the emoji's first byte, then its second, then the rest
        assertThat(read(StandardCharsets.UTF_8, ChunkedInput.of(emoji, 2, 1, 100))).containsExactly("a", "𝄞b");
    }

    @Test
    void anEmptyBodyRelaysNothing() throws IOException {
        assertThat(read(StandardCharsets.UTF_8, ChunkedInput.of(new byte[0], 1))).isEmpty();
    }

    @Test
    void decodesTheCharsetTheContentTypeNamed() throws IOException {
        byte[] latin1 = "Grüße".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(String.join("", read(StandardCharsets.ISO_8859_1, ChunkedInput.of(latin1, 2)))).isEqualTo("Grüße");
        byte[] utf16 = "€𝄞".getBytes(StandardCharsets.UTF_16BE);
        assertThat(String.join("", read(StandardCharsets.UTF_16BE, ChunkedInput.of(utf16, 1)))).isEqualTo("€𝄞");
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() throws IOException {
        byte[] body = {'o', 'k', (byte) 0xFF, ' ', (byte) 0xC3};
        assertThat(String.join("", read(StandardCharsets.UTF_8, ChunkedInput.of(body, 1)))).isEqualTo("ok\uFFFD \uFFFD");
    }
}
