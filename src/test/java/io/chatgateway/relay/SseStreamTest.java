package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** The wire form of every SSE event, exactly as README documents it. */
class SseStreamTest {

    private static final UUID GENERATION = UUID.fromString("6f1c2a9e-0000-4000-8000-000000000001");

    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final AtomicInteger detached = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper();

    private SseStream open() throws Exception {
        return SseStream.open(response, 3, GENERATION, detached::incrementAndGet);
    }

    @Test
    void everyEventIsAnIdLineOneDataLineAndABlankLine() throws Exception {
        SseStream sse = open();
        StreamEvent[] events = {
                new StatusEvent("Sending request to n8n...", GENERATION),
                new MessageEvent("Hel\"lo\n"),
                DoneEvent.COMPLETED,
                new ErrorEvent("The agent sent nothing for 60 s", RelayError.IDLE_TIMEOUT.code),
                DoneEvent.STOPPED};
        for (int i = 0; i < events.length; i++) {
            sse.event(GENERATION + ":" + (i + 1), json.writeValueAsString(events[i]));
        }

        assertThat(response.getContentAsString()).isEqualTo("""
                id: %1$s:1
                data: {"type":"status","data":{"description":"Sending request to n8n...","level":"info","generation_id":"%1$s"}}

                id: %1$s:2
                data: {"type":"message","data":{"content":"Hel\\"lo\\n"}}

                id: %1$s:3
                data: {"type":"done","data":{"message":"Stream completed"}}

                id: %1$s:4
                data: {"type":"error","data":{"message":"The agent sent nothing for 60 s","code":"idle_timeout"}}

                id: %1$s:5
                data: {"type":"done","data":{"message":"Stopped","reason":"stopped"}}

                """.formatted(GENERATION));
        assertThat(response.getContentType()).startsWith("text/event-stream");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(response.getHeader("X-Accel-Buffering")).isEqualTo("no");
        assertThat(response.getHeader("X-Gateway-Overhead-Ms")).isEqualTo("3");
        assertThat(response.getHeader("X-Generation-Id")).isEqualTo(GENERATION.toString());
        assertThat(detached).hasValue(0);
    }

    @Test
    void anEventIsUtf8AsAWholeWhateverItsCharacters() {
        String json = "{\"type\":\"message\",\"data\":{\"content\":\"é – 😀 \\u0000\"}}";
        assertThat(new String(SseStream.encode("a:1", json), StandardCharsets.UTF_8))
                .isEqualTo("id: a:1\ndata: " + json + "\n\n");
        assertThat(new String(SseStream.encode("é:2", "{}"), StandardCharsets.UTF_8)).isEqualTo("id: é:2\ndata: {}\n\n");
    }

    @Test
    void aHeartbeatIsACommentAndOnlyWhenIdle() throws Exception {
        SseStream sse = open();
        sse.heartbeatIfIdle(Long.MAX_VALUE);
        assertThat(response.getContentAsString()).isEmpty();

        sse.heartbeatIfIdle(0);
        assertThat(response.getContentAsString()).isEqualTo(": keep-alive\n\n");
        assertThat(sse.attached()).isTrue();
    }
}
