package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** The wire form of every SSE event, exactly as README documents it. */
class SseStreamTest {

    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final AtomicInteger detached = new AtomicInteger();

    private SseStream open() throws Exception {
        return SseStream.open(response, 3, SseStream.eventWriter(new ObjectMapper()), detached::incrementAndGet);
    }

    @Test
    void everyEventIsAnIdLineOneDataLineAndABlankLine() throws Exception {
        SseStream sse = open();

        sse.status("Sending request to n8n...");
        sse.message("Hel\"lo\n");
        sse.done();
        sse.error(RelayError.IDLE_TIMEOUT, "The agent sent nothing for 60 s");

        assertThat(response.getContentAsString()).isEqualTo("""
                id: 1
                data: {"type":"status","data":{"description":"Sending request to n8n...","level":"info"}}

                id: 2
                data: {"type":"message","data":{"content":"Hel\\"lo\\n"}}

                id: 3
                data: {"type":"done","data":{"message":"Stream completed"}}

                id: 4
                data: {"type":"error","data":{"message":"The agent sent nothing for 60 s","code":"idle_timeout"}}

                """);
        assertThat(response.getContentType()).startsWith("text/event-stream");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(response.getHeader("X-Accel-Buffering")).isEqualTo("no");
        assertThat(response.getHeader("X-Gateway-Overhead-Ms")).isEqualTo("3");
        assertThat(detached).hasValue(0);
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
