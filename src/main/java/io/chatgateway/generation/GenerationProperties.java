package io.chatgateway.generation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How generations are kept across replicas ({@code chatgateway.generation.*}).
 *
 * @param flushInterval how often a replica writes the new events of its generations (one statement for all of them)
 *                      and its heartbeat; followers on other replicas see text in bursts of about this length
 * @param staleAfter    a running generation whose heartbeat is older than this is taken for dead and saved as
 *                      interrupted by any replica
 * @param reapInterval  how often each replica looks for such generations
 * @param keepEvents    how long events of finished generations stay for late resumers
 */
@ConfigurationProperties("chatgateway.generation")
public record GenerationProperties(@DefaultValue("1s") Duration flushInterval,
                                   @DefaultValue("15s") Duration staleAfter,
                                   @DefaultValue("10s") Duration reapInterval,
                                   @DefaultValue("10m") Duration keepEvents) {
}
