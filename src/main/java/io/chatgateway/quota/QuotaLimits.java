package io.chatgateway.quota;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A team's quotas, or the environment's defaults: each a number ≥ 1, or null (for a team: the default applies; for
 * the defaults: unlimited). Nulls are written, so that a client sees every quota.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QuotaLimits(Integer maxConcurrentGenerations, Integer requestsPerMinutePerKey,
                          Integer requestsPerMinutePerUser, Long tokensPerMonth) {
}
