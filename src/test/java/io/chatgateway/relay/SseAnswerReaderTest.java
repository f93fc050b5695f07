package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A text/event-stream answer read per the SSE specification, arriving in reads of any size. */
class SseAnswerReaderTest {

    private static final int MAX = 4096;

    private final SseAnswerReader reader = new SseAnswerReader(new ObjectMapper(), MAX);

    private List<String> read(ChunkedInput body) throws IOException {
        List<String> pieces = new ArrayList<>();
        reader.read(body, pieces::add);
        return pieces;
    }

    private List<String> read(String body) throws IOException {
        return read(ChunkedInput.of(body, Integer.MAX_VALUE));
    }

    private static void assertAgentError(ThrowingRead read, String message) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(RelayException.class, e -> {
            assertThat(e.error).isEqualTo(RelayError.UPSTREAM_ERROR);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void relaysTheDataOfEachEventAtItsBlankLine() throws IOException {
        assertThat(read("data: Hello\n\ndata:world\n\ndata:  two spaces\n\n")).containsExactly("Hello", "world", " two spaces");
    }

    @Test
    void joinsTheDataLinesOfOneEventWithLineFeeds() throws IOException {
        assertThat(read("data: first line\ndata:\ndata: third line\n\n")).containsExactly("first line\n\nthird line");
    }

    @Test
    void readsTheTextOutOfJsonData() throws IOException {
        assertThat(read("""
                data: {"content":"a"}

                data: {"choices":[{"delta":{"role":"assistant"}}]}

                data: {"choices":[{"index":0,"delta":{"content":"b"}}]}

                data: {"output":"c"}

                data: "d"

                data: {"unrelated":true}

                data: [DONE]

                """)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void jsonDataIsReadAsUtf8AndMalformedBytesBecomeReplacementCharacters() throws IOException {
        byte[] malformed = "data: {\"content\":\"a\u00ff\"}\n\n".getBytes(StandardCharsets.ISO_8859_1); // 0xFF: never UTF-8
        List<String> pieces = new ArrayList<>();
        reader.read(new ByteArrayInputStream(malformed), pieces::add);
        assertThat(pieces).containsExactly("a\uFFFD");
        assertThat(read("data: {\"content\":\"é – 😀\"}\n\ndata: \"\u0000x\"\n\ndata:\"\"\n\n"))
                .containsExactly("é – 😀", "\"\u0000x\"");
    }

    @Test
    void dataThatLooksLikeJsonButIsNotIsRelayedAsText() throws IOException {
        assertThat(read("data: {not json\n\ndata: [1, 2\n\n")).containsExactly("{not json", "[1, 2");
    }

    @Test
    void commentsIdsRetriesAndOtherEventNamesDoNotChangeTheText() throws IOException {
        assertThat(read("""
                : keep-alive
                id: 1
                event: message
                retry: 1000
                data: one

                :
                id: 2
                event: delta
                unknown-field: x
                data: two
                : a comment inside the event

                """)).containsExactly("one", "two");
    }

    @Test
    void aFieldWithoutColonAndEventsWithoutDataRelayNothing() throws IOException {
        assertThat(read("data\n\nevent: ping\n\nid: 7\n\n\n\ndata: x\n\n")).containsExactly("x");
    }

    @Test
    void crlfAndCrEndLinesAsLfDoes() throws IOException {
        assertThat(read("data: crlf\r\n\r\ndata: cr\r\rdata: a\r\ndata: b\r\n\r\n")).containsExactly("crlf", "cr", "a\nb");
    }

    @Test
    void doneEndsTheAnswerEvenWhenMoreFollows() throws IOException {
        assertThat(read("data: kept\n\ndata: [DONE]\n\ndata: dropped\n\n")).containsExactly("kept");
    }

    @Test
    void anEventWithoutItsClosingBlankLineIsDiscarded() throws IOException {
        assertThat(read("data: complete\n\ndata: cut off")).containsExactly("complete");
        assertThat(read("data: cut off\n")).isEmpty();
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 8, 13, 64, 4096})
    void givesTheSameTextWhereverTheReadsSplitIt(int chunkSize) throws IOException {
        String body = ": hi\r\nevent: message\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"Grüße \"}}]}\r\n\r\n"
                + "data: €𝄞\r\ndata: next\n\ndata: [DONE]\n\n";
        assertThat(read(ChunkedInput.of(body, chunkSize))).containsExactly("Grüße ", "€𝄞\nnext");
    }

    @Test
    void eachEventIsRelayedAsSoonAsItsBlankLineHasArrived() throws IOException {
        ChunkedInput body = ChunkedInput.pieces("data: one\n\ndata: tw", "o\n", "\n", "data: three\n\n");
        List<Integer> arrivedWhenRelayed = new ArrayList<>();
        reader.read(body, piece -> arrivedWhenRelayed.add(body.chunksArrived()));
        assertThat(arrivedWhenRelayed).containsExactly(1, 3, 4);
    }

    @Test
    void anErrorEventIsTheAgentsErrorWithItsText() {
        assertAgentError(() -> read("data: ok\n\nevent: error\ndata: Rate limited\n\n"), "The agent reported an error: Rate limited");
        assertAgentError(() -> read("event: error\ndata: {\"message\":\"Workflow failed\"}\n\n"),
                "The agent reported an error: Workflow failed");
        assertAgentError(() -> read("event: error\ndata: {}\n\n"), "The agent reported an error");
    }

    @Test
    void jsonErrorDataIsTheAgentsErrorWhateverTheEventName() {
        assertAgentError(() -> read("data: {\"type\":\"error\",\"content\":\"Tool failed\"}\n\n"),
                "The agent reported an error: Tool failed");
        assertAgentError(() -> read("data: {\"error\":{\"message\":\"Invalid API key\",\"type\":\"auth\"}}\n\n"),
                "The agent reported an error: Invalid API key");
        assertAgentError(() -> read("data: {\"error\":\"Overloaded\"}\n\n"), "The agent reported an error: Overloaded");
    }

    @Test
    void theTextBeforeAnErrorHasBeenRelayed() {
        List<String> pieces = new ArrayList<>();
        assertThatThrownBy(() -> reader.read(ChunkedInput.of("data: Half\n\nevent: error\ndata: x\n\ndata: never\n\n", 4), pieces::add))
                .isInstanceOf(RelayException.class);
        assertThat(pieces).containsExactly("Half");
    }

    @Test
    void anEventLargerThanTheCapIsRefused() {
        String line = "data: " + "x".repeat(MAX / 4) + "\n";
        assertThatThrownBy(() -> read(ChunkedInput.of(line.repeat(5) + "\n", 100)))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.LINE_TOO_LONG));
    }

    @Test
    void aLineLongerThanTheCapIsRefused() {
        assertThatThrownBy(() -> read(ChunkedInput.of("data: " + "x".repeat(3 * MAX), 1)))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.LINE_TOO_LONG));
    }

    @Test
    void manyEventsTogetherMayExceedTheCapOfOneEvent() throws IOException {
        String event = "data: " + "y".repeat(MAX / 2) + "\n\n";
        assertThat(read(ChunkedInput.of(event.repeat(6), 500))).hasSize(6);
    }

    @Test
    void anEmptyBodyRelaysNothing() throws IOException {
        assertThat(read("")).isEmpty();
    }

    @FunctionalInterface
    private interface ThrowingRead {
        void run() throws IOException;
    }
}
