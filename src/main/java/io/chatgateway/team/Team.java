package io.chatgateway.team;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.chatgateway.quota.QuotaLimits;
import io.chatgateway.system.ApiTimestamp;

/**
 * A team's settings as its admins see them, with its quotas (null: the default applies) and the defaults (from
 * the environment; null: unlimited).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Team(UUID id, String name, String slug, boolean openRegistration,
                   @ApiTimestamp OffsetDateTime createdAt, @ApiTimestamp OffsetDateTime updatedAt,
                   QuotaLimits quotas, QuotaLimits quotaDefaults) {

    Team withQuotaDefaults(QuotaLimits defaults) {
        return new Team(id, name, slug, openRegistration, createdAt, updatedAt, quotas, defaults);
    }
}
