package io.chatgateway.relay;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code {"type":"message","data":{"content":"Hel"}}}: the next piece of the answer, as the agent sent it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessageEvent(Data data) implements StreamEvent {

    public MessageEvent(String content) {
        this(new Data(content));
    }

    @Override
    public String type() {
        return "message";
    }

    /** The event as JSON, written without an ObjectMapper: it is written once per piece of every answer. */
    String json() {
        return "{\"type\":\"message\",\"data\":{\"content\":\"".concat(
                new String(JsonStringEncoder.getInstance().quoteAsString(data.content()))).concat("\"}}");
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(String content) {
    }
}
