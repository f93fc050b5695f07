package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written JSON of a message event is exactly what Jackson writes for the record. */
class MessageEventJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"Hel", "", "quote \" backslash \\ slash /", "line\nbreak\ttab\r", "\u0001\u001f control",
            "emoji 😀 and ü", "</script><img src=x onerror=alert(1)>", "\u2028\u2029"})
    void isWhatJacksonWrites(String content) throws Exception {
        MessageEvent event = new MessageEvent(content);
        assertThat(event.json()).isEqualTo(JSON.writeValueAsString(event));
        assertThat(JSON.readTree(event.json()).get("data").get("content").asText()).isEqualTo(content);
    }
}
