package io.chatgateway.generation;

import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The first event of a resume without Last-Event-ID: the text of the running generation so far. */
public record SyncEvent(String type, Data data) {

    public SyncEvent(Data data) {
        this("sync", data);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Data(UUID generationId, String content) {
    }
}
