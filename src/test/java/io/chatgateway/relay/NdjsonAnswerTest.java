package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * n8n's streaming answer (a Webhook node in "Streaming" mode: one JSON object per line, begin/item/end/error)
 * through {@link JsonAnswerReader}, arriving as the network hands it over: lines merged into one read, split
 * across reads, characters split between reads.
 */
class NdjsonAnswerTest {

    private static final int MAX = 4096;

    private static final String STREAM = String.join("\n",
            "{\"type\":\"begin\",\"metadata\":{\"nodeId\":\"agent\",\"nodeName\":\"AI Agent\"}}",
            "{\"type\":\"item\",\"content\":\"Grüße, \",\"metadata\":{\"nodeId\":\"agent\"}}",
            "{\"type\":\"item\",\"content\":\"I checked the \",\"metadata\":{\"nodeId\":\"agent\"}}",
            "{\"type\":\"end\",\"metadata\":{\"nodeId\":\"agent\"}}",
            "{\"type\":\"begin\",\"metadata\":{\"nodeId\":\"tool\"}}",
            "{\"type\":\"item\",\"content\":\"weather: 20 €𝄞\\n\"}",
            "{\"type\":\"end\",\"metadata\":{\"nodeId\":\"tool\"}}",
            "{\"type\":\"begin\"}",
            "{\"type\":\"item\",\"content\":\"done.\"}",
            "{\"type\":\"end\"}") + "\n";

    private static final List<String> STREAM_TEXT = List.of("Grüße, ", "I checked the ", "weather: 20 €𝄞\n", "done.");

    private final JsonAnswerReader reader = new JsonAnswerReader(new ObjectMapper(), MAX);

    private List<String> read(ChunkedInput body) throws IOException {
        List<String> pieces = new ArrayList<>();
        reader.read(body, pieces::add);
        return pieces;
    }

    @Test
    void relaysTheItemsOfSeveralBeginEndPairsInOrder() throws IOException {
        assertThat(read(ChunkedInput.of(STREAM, Integer.MAX_VALUE))).containsExactlyElementsOf(STREAM_TEXT);
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 8, 17, 64, 100, 1000})
    void givesTheSameTextWhereverTheReadsSplitLinesAndCharacters(int chunkSize) throws IOException {
        assertThat(String.join("", read(ChunkedInput.of(STREAM, chunkSize)))).isEqualTo(String.join("", STREAM_TEXT));
        assertThat(read(ChunkedInput.of(STREAM, chunkSize))).containsExactlyElementsOf(STREAM_TEXT);
    }

    @Test
    void linesMergedIntoOneReadAreRelayedOneByOne() throws IOException {
        ChunkedInput body = ChunkedInput.pieces(
                "{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"a\"}\n{\"type\":\"item\",\"content\":\"b\"}\n{\"type\":\"item\",",
                "\"content\":\"c\"}\n{\"type\":\"end\"}\n");
        assertThat(read(body)).containsExactly("a", "b", "c");
    }

    @Test
    void eachItemIsRelayedAsSoonAsItsLineHasArrived() throws IOException {
        ChunkedInput body = ChunkedInput.pieces(
                "{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"first\"}\n",
                "{\"type\":\"item\",\"content\":\"sec",
                "ond\"}\n",
                "{\"type\":\"end\"}\n");
        List<Integer> arrivedWhenRelayed = new ArrayList<>();
        reader.read(body, piece -> arrivedWhenRelayed.add(body.chunksArrived()));
        assertThat(arrivedWhenRelayed).containsExactly(1, 3);
    }

    @Test
    void aCharacterSplitBetweenReadsArrivesWhole() throws IOException {
        byte[] line = "{\"type\":\"item\",\"content\":\"𝄞\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int insideTheEmoji = "{\"type\":\"item\",\"content\":\"".length() + 2;
        assertThat(read(ChunkedInput.of(line, insideTheEmoji, 1, 100))).containsExactly("𝄞");
    }

    @Test
    void blankLinesCarriageReturnsAndUnknownTypesCarryNoText() throws IOException {
        ChunkedInput body = ChunkedInput.of("\r\n\n{\"type\":\"begin\"}\r\n\r\n  \r\n{\"type\":\"item\",\"content\":\"x\"}\r\n"
                + "{\"type\":\"keepalive\"}\r\n{\"type\":\"item\"}\r\n{\"type\":\"item\",\"content\":\"\"}\r\n{\"type\":\"end\"}\r\n", 3);
        assertThat(String.join("", read(body))).isEqualTo("x");
    }

    @Test
    void aStreamWithoutItemsOrWithoutAnyBodyRelaysNothing() throws IOException {
        assertThat(read(ChunkedInput.of("{\"type\":\"begin\"}\n{\"type\":\"end\"}\n", 4))).isEmpty();
        assertThat(read(ChunkedInput.of("", 4))).isEmpty();
        assertThat(read(ChunkedInput.of("\n\n", 4))).isEmpty();
    }

    @Test
    void aStreamCutAfterAnItemWithoutEndKeepsWhatArrived() throws IOException {
        assertThat(read(ChunkedInput.of("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"part\"}", 5))).containsExactly("part");
    }

    @Test
    void anErrorLineAfterSomeItemsEndsTheAnswerWithItsText() {
        List<String> pieces = new ArrayList<>();
        ChunkedInput body = ChunkedInput.of("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"Half an \"}\n"
                + "{\"type\":\"error\",\"content\":\"Model quota exceeded\"}\n{\"type\":\"item\",\"content\":\"never\"}\n", 6);
        assertThatThrownBy(() -> reader.read(body, pieces::add))
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.error).isEqualTo(RelayError.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).isEqualTo("The agent's workflow reported an error: Model quota exceeded");
                });
        assertThat(pieces).containsExactly("Half an ");
    }

    @Test
    void anErrorLineWithoutTextSaysOnlyThatTheWorkflowFailed() {
        for (String error : new String[] {"{\"type\":\"error\"}", "{\"type\":\"error\",\"content\":null}",
                "{\"type\":\"error\",\"content\":\"  \"}", "{\"type\":\"error\",\"content\":{\"code\":1}}"}) {
            assertThatThrownBy(() -> read(ChunkedInput.of("{\"type\":\"begin\"}\n" + error + "\n", 7)))
                    .as(error)
                    .isInstanceOfSatisfying(RelayException.class, e -> {
                        assertThat(e.error).isEqualTo(RelayError.UPSTREAM_ERROR);
                        assertThat(e.getMessage()).isEqualTo("The agent's workflow reported an error");
                    });
        }
    }

    @Test
    void anErrorAsTheFirstLineIsTheAgentsError() {
        assertThatThrownBy(() -> read(ChunkedInput.of("{\"type\":\"error\",\"content\":\"Workflow could not be started\"}\n", 9)))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.UPSTREAM_ERROR));
    }

    @Test
    void aLineThatIsNotJsonInsideTheStreamIsAnInvalidAnswer() {
        List<String> pieces = new ArrayList<>();
        ChunkedInput body = ChunkedInput.of("{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"ok\"}\n<html>Bad gateway</html>\n", 5);
        assertThatThrownBy(() -> reader.read(body, pieces::add))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.INVALID_ANSWER));
        assertThat(pieces).containsExactly("ok");
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 100, 1000})
    void aLineLongerThanTheCapIsRefused(int chunkSize) {
        String endless = "{\"type\":\"begin\"}\n{\"type\":\"item\",\"content\":\"" + "x".repeat(3 * MAX);
        assertThatThrownBy(() -> read(ChunkedInput.of(endless, chunkSize)))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.LINE_TOO_LONG));
    }

    @Test
    void manyLinesTogetherMayExceedTheCapOfOneLine() throws IOException {
        String item = "{\"type\":\"item\",\"content\":\"" + "y".repeat(MAX / 2) + "\"}\n";
        List<String> pieces = read(ChunkedInput.of("{\"type\":\"begin\"}\n" + item.repeat(5) + "{\"type\":\"end\"}\n", 333));
        assertThat(pieces).hasSize(5).allSatisfy(piece -> assertThat(piece).hasSize(MAX / 2));
    }
}
