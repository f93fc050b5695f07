package io.chatgateway.agent;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Agent settings, bound from {@code chatgateway.agents.*}. */
@ConfigurationProperties("chatgateway.agents")
public record AgentProperties(String webhookAllowedHosts, DataSize avatarMaxSize) {

    public AgentProperties {
        if (avatarMaxSize == null) {
            avatarMaxSize = DataSize.ofMegabytes(2);
        }
    }

    public List<String> allowedHostPatterns() {
        if (webhookAllowedHosts == null || webhookAllowedHosts.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(webhookAllowedHosts.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
