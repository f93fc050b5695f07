package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RunningGenerationsTest {

    private static final long MIB = 1024L * 1024L;

    @Test
    void theDefaultIsOneAnswerPerMibOfHeapWithinBounds() {
        assertThat(RunningGenerations.defaultLimit(600 * MIB, 1000)).isEqualTo(600);
        assertThat(RunningGenerations.defaultLimit(1152 * MIB, 20_000)).isEqualTo(1152);
        assertThat(RunningGenerations.defaultLimit(16_384 * MIB, 1000)).as("at most max-connections").isEqualTo(1000);
        assertThat(RunningGenerations.defaultLimit(4 * MIB, 1000)).as("at least").isEqualTo(RunningGenerations.MIN_DEFAULT);
    }

    @Test
    void theConfiguredLimitWinsAndPlacesComeBackWhenAnswersEnd() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RunningGenerations running = new RunningGenerations(
                new RelayProperties(null, null, null, null, null, null, null, null, null, 2), meters);

        assertThat(running.tryStart()).isTrue();
        assertThat(running.tryStart()).isTrue();
        assertThat(running.tryStart()).isFalse();
        running.finished();
        assertThat(running.tryStart()).isTrue();
        assertThat(running.tryStart()).isFalse();

        assertThat(meters.get("chatgateway.relay.refused").counter().count()).isEqualTo(2);
        assertThat(meters.get("chatgateway.relay.running.generations.limit").gauge().value()).isEqualTo(2);
    }

    @Test
    void withoutAConfiguredLimitTheHeapDecides() {
        RunningGenerations running = new RunningGenerations(
                new RelayProperties(null, null, null, null, null, null, null, null, 100_000, null), new SimpleMeterRegistry());
        assertThat(running.limit()).isEqualTo(RunningGenerations.defaultLimit(Runtime.getRuntime().maxMemory(), 100_000));
    }
}
