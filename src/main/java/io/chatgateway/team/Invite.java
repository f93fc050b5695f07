package io.chatgateway.team;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** An invite as listed to admins: never its token. {@code status} is pending, used or expired. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Invite(UUID id, String role, String email, OffsetDateTime expiresAt, OffsetDateTime usedAt,
                     UUID usedBy, OffsetDateTime createdAt, String status) {
}
