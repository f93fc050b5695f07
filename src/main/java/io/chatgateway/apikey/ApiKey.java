package io.chatgateway.apikey;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiTimestamp;

/**
 * A team API key as listed to admins: never the key. {@code prefix} is its first 12 characters (e.g.
 * {@code cgw_ab12cd34}) to recognise it; {@code agent_ids} null means every agent of the team. Nulls are sent as
 * null (not left out as elsewhere): agent_ids, last_used_at and expires_at mean something when null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiKey(UUID id, String name, String prefix, List<UUID> agentIds, UUID createdBy,
                     @ApiTimestamp OffsetDateTime createdAt, @ApiTimestamp OffsetDateTime lastUsedAt,
                     @ApiTimestamp OffsetDateTime expiresAt) {
}
