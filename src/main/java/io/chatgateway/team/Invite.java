package io.chatgateway.team;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiTimestamp;

/** An invite as listed to admins: never its token. {@code status} is pending, used or expired. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Invite(UUID id, String role, String email, @ApiTimestamp OffsetDateTime expiresAt,
                     @ApiTimestamp OffsetDateTime usedAt, UUID usedBy, @ApiTimestamp OffsetDateTime createdAt,
                     String status) {
}
