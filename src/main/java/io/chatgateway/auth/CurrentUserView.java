package io.chatgateway.auth;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiTimestamp;

/** The signed-in user and their team: the answer of register, login and me. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CurrentUserView(UUID id, String email, String name, String role, boolean isActive,
                              @ApiTimestamp OffsetDateTime createdAt, UserTeam team) {

    /** The team as every member may see it. */
    public record UserTeam(UUID id, String name, String slug) {
    }
}
