package io.chatgateway.relay;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code {"type":"error","data":{"message":"...","code":"idle_timeout"}}}: the last event of a failed answer; the
 * code is one of {@link RelayError}'s (README lists them), the message is for people.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ErrorEvent(Data data) implements StreamEvent {

    public ErrorEvent(String message, String code) {
        this(new Data(message, code));
    }

    @Override
    public String type() {
        return "error";
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(String message, String code) {
    }
}
