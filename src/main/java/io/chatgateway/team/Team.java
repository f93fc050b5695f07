package io.chatgateway.team;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiTimestamp;

/** A team's settings as its admins see them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Team(UUID id, String name, String slug, boolean openRegistration,
                   @ApiTimestamp OffsetDateTime createdAt, @ApiTimestamp OffsetDateTime updatedAt) {
}
