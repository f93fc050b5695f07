package io.chatgateway.quota;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The quotas of every team that has not set its own ({@code chatgateway.quotas.*}, environment {@code QUOTA_*});
 * unset = unlimited.
 *
 * @param maxConcurrentGenerations generations of a team running at once, on all replicas together
 * @param requestsPerMinutePerKey  sends per API key and one-minute window (/v1)
 * @param requestsPerMinutePerUser sends per user and one-minute window (chat)
 * @param tokensPerMonth           tokens in and out of a team per calendar month (UTC)
 */
@ConfigurationProperties("chatgateway.quotas")
public record QuotaProperties(Integer maxConcurrentGenerations, Integer requestsPerMinutePerKey,
                              Integer requestsPerMinutePerUser, Long tokensPerMonth) {

    public QuotaProperties {
        positive("max-concurrent-generations", maxConcurrentGenerations);
        positive("requests-per-minute-per-key", requestsPerMinutePerKey);
        positive("requests-per-minute-per-user", requestsPerMinutePerUser);
        positive("tokens-per-month", tokensPerMonth);
    }

    private static void positive(String name, Number value) {
        if (value != null && value.longValue() < 1) {
            throw new IllegalArgumentException("chatgateway.quotas." + name + " must be at least 1, or unset for no limit");
        }
    }

    public QuotaLimits limits() {
        return new QuotaLimits(maxConcurrentGenerations, requestsPerMinutePerKey, requestsPerMinutePerUser, tokensPerMonth);
    }
}
