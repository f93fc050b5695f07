package io.chatgateway.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The built-in demo agent (development only), bound from {@code chatgateway.demo-agent.*}. */
@ConfigurationProperties("chatgateway.demo-agent")
public record DemoAgentProperties(Duration wordDelay) {

    public DemoAgentProperties {
        if (wordDelay == null || wordDelay.isNegative()) {
            wordDelay = Duration.ofMillis(50);
        }
    }
}
