package io.chatgateway.team;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A user of the team as its admins see them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Member(UUID id, String email, String name, String role, boolean isActive, OffsetDateTime createdAt,
                     OffsetDateTime updatedAt) {

    boolean isActiveAdmin() {
        return isActive && "admin".equals(role);
    }
}
