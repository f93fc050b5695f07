package io.chatgateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A model of the OpenAI-compatible API: one of the team's active agents. {@code id} is the agent's slug,
 * {@code created} its creation in Unix seconds, {@code owned_by} the team's slug.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Model(String id, String object, long created, String ownedBy) {

    public Model(String id, long created, String ownedBy) {
        this(id, "model", created, ownedBy);
    }
}
