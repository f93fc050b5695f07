package io.chatgateway.apikey;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.system.ApiTimestamp;

/** A new API key: {@link ApiKey} plus {@code key}, shown in this response only (only its SHA-256 is stored). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CreatedApiKey(UUID id, String key, String name, String prefix, List<UUID> agentIds, UUID createdBy,
                            @ApiTimestamp OffsetDateTime createdAt, @ApiTimestamp OffsetDateTime lastUsedAt,
                            @ApiTimestamp OffsetDateTime expiresAt) {

    static CreatedApiKey of(ApiKey stored, String key) {
        return new CreatedApiKey(stored.id(), key, stored.name(), stored.prefix(), stored.agentIds(),
                stored.createdBy(), stored.createdAt(), stored.lastUsedAt(), stored.expiresAt());
    }

    /** Never the key itself (records print their fields). */
    @Override
    public String toString() {
        return "CreatedApiKey[id=" + id + ", prefix=" + prefix + "]";
    }
}
