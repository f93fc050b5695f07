package io.chatgateway.relay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code {"type":"done","data":{"message":"Stream completed"}}}: the answer is complete and saved; with a
 * {@code reason} ({@code stopped}, {@code interrupted}) it ended early and the text so far is saved.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DoneEvent(Data data) implements StreamEvent {

    static final DoneEvent COMPLETED = new DoneEvent(new Data("Stream completed", null));
    static final DoneEvent STOPPED = new DoneEvent(new Data("Stopped", "stopped"));
    static final DoneEvent INTERRUPTED = new DoneEvent(new Data("Interrupted", "interrupted"));

    @Override
    public String type() {
        return "done";
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(String message, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
    }
}
