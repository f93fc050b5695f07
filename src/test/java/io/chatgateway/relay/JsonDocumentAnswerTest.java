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
 * A JSON answer that is one document ("When last node finishes", "Respond to Webhook", OpenAI-style completions)
 * through {@link JsonAnswerReader}: the shapes whose text is found, and the limits. The n8n stream is in
 * {@link NdjsonAnswerTest}; the first cases are in {@link JsonAnswerReaderTest}.
 */
class JsonDocumentAnswerTest {

    private static final int MAX = 2048;

    private final JsonAnswerReader reader = new JsonAnswerReader(new ObjectMapper(), MAX);

    private List<String> read(String body, int... chunkSizes) throws IOException {
        List<String> pieces = new ArrayList<>();
        reader.read(ChunkedInput.of(body, chunkSizes), pieces::add);
        return pieces;
    }

    @Test
    void findsTheTextInEveryShapeAnAgentAnswersWith() throws IOException {
        assertThat(read("{\"content\":\"c\"}", 100)).containsExactly("c");
        assertThat(read("{\"text\":\"t\"}", 100)).containsExactly("t");
        assertThat(read("{\"message\":\"m\"}", 100)).containsExactly("m");
        assertThat(read("{\"output\":{\"content\":\"nested\"}}", 100)).containsExactly("nested");
        assertThat(read("\"just a string\"", 100)).containsExactly("just a string");
        assertThat(read("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"completion\"}}]}", 100))
                .containsExactly("completion");
    }

    @Test
    void joinsTheEntriesOfAnArrayWithBlankLines() throws IOException {
        assertThat(read("[{\"output\":\"first\"},{\"output\":\"\"},{\"other\":1},{\"output\":\"second\"}]", 100))
                .containsExactly("first\n\nsecond");
    }

    @Test
    void aDocumentWithoutTextRelaysNothing() throws IOException {
        assertThat(read("{\"status\":\"ok\"}", 100)).isEmpty();
        assertThat(read("42", 100)).isEmpty();
        assertThat(read("null", 100)).isEmpty();
        assertThat(read("[]", 100)).isEmpty();
    }

    @ParameterizedTest(name = "reads of {0} bytes")
    @ValueSource(ints = {1, 3, 16, 4096})
    void aPrettyPrintedDocumentIsReadWholeWhereverTheReadsSplitIt(int chunkSize) throws IOException {
        String body = "\r\n\n[\r\n  {\r\n    \"output\": \"Grüße €𝄞\\nsecond line\"\r\n  }\r\n]\r\n";
        assertThat(read(body, chunkSize)).containsExactly("Grüße €𝄞\nsecond line");
    }

    @Test
    void anInvalidDocumentIsAnInvalidAnswer() {
        for (String body : new String[] {"{\"output\": \"cut", "<html>502</html>", "{\"output\": \"x\",}"}) {
            assertThatThrownBy(() -> read(body, 5)).as(body)
                    .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.INVALID_ANSWER));
        }
    }

    @Test
    void aDocumentLargerThanTheCapIsRefused() {
        String body = "{\"output\":\n" + ("\"" + "x".repeat(MAX / 4) + "\"\n").repeat(5) + "}";
        assertThatThrownBy(() -> read(body, 64))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.ANSWER_TOO_LARGE));
    }

    @Test
    void aOneLineDocumentLargerThanTheCapIsRefused() {
        String body = "{\"output\":\"" + "x".repeat(2 * MAX) + "\"}";
        assertThatThrownBy(() -> read(body, 1))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error)
                        .isIn(RelayError.LINE_TOO_LONG, RelayError.ANSWER_TOO_LARGE));
    }
}
