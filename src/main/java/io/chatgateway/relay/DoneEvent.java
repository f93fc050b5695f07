package io.chatgateway.relay;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code {"type":"done","data":{"message":"Stream completed"}}}: the answer is complete and saved. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DoneEvent(Data data) implements StreamEvent {

    static final DoneEvent COMPLETED = new DoneEvent(new Data("Stream completed"));

    @Override
    public String type() {
        return "done";
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(String message) {
    }
}
