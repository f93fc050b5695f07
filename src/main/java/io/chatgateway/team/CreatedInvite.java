package io.chatgateway.team;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiTimestamp;

/** A new invite with its token: the only time the token is shown (only its hash is stored). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreatedInvite(UUID id, String token, String role, String email, @ApiTimestamp OffsetDateTime expiresAt,
                            @ApiTimestamp OffsetDateTime createdAt) {
}
