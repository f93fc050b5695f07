package io.chatgateway.relay;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code {"type":"status","data":{"description":"Sending request to n8n...","level":"info"}}}: what the relay is doing. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatusEvent(Data data) implements StreamEvent {

    public StatusEvent(String description) {
        this(new Data(description, "info"));
    }

    @Override
    public String type() {
        return "status";
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(String description, String level) {
    }
}
