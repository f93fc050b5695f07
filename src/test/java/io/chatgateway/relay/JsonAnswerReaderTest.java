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

/** n8n's stream lines as the relay reads them: which pieces are relayed, and when a line ends the answer. */
class JsonAnswerReaderTest {

    private final JsonAnswerReader reader = new JsonAnswerReader(new ObjectMapper(), 1 << 20);

    private List<String> read(String... lines) throws IOException {
        List<String> pieces = new ArrayList<>();
        byte[] body = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        reader.read(new ByteArrayInputStream(body), pieces::add);
        return pieces;
    }

    @Test
    void relaysTheContentOfItemsAndIgnoresEverythingElse() throws IOException {
        assertThat(read(
                "{\"type\":\"begin\",\"metadata\":{\"nodeId\":\"1\",\"type\":\"item\"}}",
                "{\"metadata\":{\"content\":\"not this\"},\"type\":\"item\",\"content\":\"Hel\"}",
                "",
                "{\"type\":\"item\",\"content\":\"lo \\\"you\\\" \\u00e9\"}",
                "{\"type\":\"item\",\"content\":null}",
                "{\"type\":\"item\",\"content\":42}",
                "{\"type\":\"item\",\"content\":{\"a\":[1,2]}}",
                "[1,2]",
                "{\"type\":\"keepalive\"}",
                "{\"type\":\"end\"}"))
                .containsExactly("Hel", "lo \"you\" é", "42", "{\"a\":[1,2]}");
    }

    @Test
    void aBrokenLineInTheStreamIsAnInvalidAnswer() {
        assertThatThrownBy(() -> read("{\"type\":\"begin\"}", "{\"type\":\"item\",\"content\":\"x\""))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.INVALID_ANSWER));
    }

    @Test
    void anErrorItemEndsTheAnswerWithItsText() {
        assertThatThrownBy(() -> read("{\"type\":\"begin\"}", "{\"type\":\"error\",\"content\":\"Model quota exceeded\"}"))
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.error).isEqualTo(RelayError.UPSTREAM_ERROR);
                    assertThat(e.getMessage()).endsWith(": Model quota exceeded");
                });
    }

    @Test
    void aFirstLineThatIsNoStreamItemMakesTheBodyOneDocument() throws IOException {
        assertThat(read("{\"output\":\"Whole answer\"}")).containsExactly("Whole answer");
        assertThat(read("{\"type\":\"message\",", "\"output\":\"Spread over lines\"}")).containsExactly("Spread over lines");
    }

    @Test
    void aRepeatedFieldCountsAsItsLastValueAsInATree() throws IOException {
        assertThat(read(
                "{\"type\":\"begin\"}",
                "{\"type\":\"end\",\"content\":\"was an end\",\"type\":\"item\"}",
                "{\"type\":\"item\",\"content\":\"first\",\"content\":\"second\"}",
                "{\"type\":\"item\",\"content\":{\"x\":1},\"content\":\"plain\"}",
                "{\"type\":\"item\",\"content\":\"plain\",\"content\":[1]}",
                "{\"type\":\"item\",\"type\":7,\"content\":\"not an item\"}"))
                .containsExactly("was an end", "second", "plain", "[1]");
    }

    @Test
    void aStreamMayBeginWithAnItemWhoseContentIsNoString() throws IOException {
        assertThat(read("{\"type\":\"item\",\"content\":{\"a\":1}}", "{\"type\":\"item\",\"content\":\"b\"}"))
                .containsExactly("{\"a\":1}", "b");
    }

    @Test
    void aLineWithAnUnclosedNestedValueIsAnInvalidAnswer() {
        assertThatThrownBy(() -> read("{\"type\":\"begin\"}", "{\"type\":\"item\",\"metadata\":{\"a\":[1,2},\"content\":\"x\"}"))
                .isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.error).isEqualTo(RelayError.INVALID_ANSWER));
    }
}
