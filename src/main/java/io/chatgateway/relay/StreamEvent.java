package io.chatgateway.relay;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An event of the SSE answer to a send, as the client reads it from one {@code data:} line:
 * {@code {"type": "...", "data": {...}}}. {@link SseStream} is the one writer of these.
 */
@JsonPropertyOrder({"type", "data"})
public sealed interface StreamEvent permits StatusEvent, MessageEvent, DoneEvent, ErrorEvent {

    @JsonProperty("type")
    String type();
}
