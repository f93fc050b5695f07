package io.chatgateway.usage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tags of the usage counters ({@code chatgateway.usage.*}): every team and agent is a time series of its own in
 * Prometheus, so a service with very many of them can turn the tags off (the counters are then totals).
 *
 * @param metricsTeamTag  tag {@code team} (the team's id) on {@code chatgateway_usage_*}
 * @param metricsAgentTag tag {@code agent} (the agent's id) on {@code chatgateway_usage_*}
 */
@ConfigurationProperties("chatgateway.usage")
public record UsageProperties(@DefaultValue("true") boolean metricsTeamTag, @DefaultValue("true") boolean metricsAgentTag) {
}
