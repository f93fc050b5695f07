package io.chatgateway.relay;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code {"type":"status","data":{"description":"Sending request to n8n...","level":"info","generation_id":"..."}}}:
 * what the relay is doing; the first event of a generation names it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatusEvent(Data data) implements StreamEvent {

    public StatusEvent(String description, UUID generationId) {
        this(new Data(description, "info", generationId));
    }

    @Override
    public String type() {
        return "status";
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(String description, String level,
                       @JsonInclude(JsonInclude.Include.NON_NULL) UUID generationId) {
    }
}
