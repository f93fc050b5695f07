package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class RunningGenerationsTest {

    private static final long MIB = 1024L * 1024L;

    @Test
    void theDefaultIsWhatHalfTheHeapHoldsAtTheMeasuredCostOfAStreamWithinBounds() {
        // 600 MiB (the heap of a 1 GiB pod): 300 MiB / 160 KiB
        assertThat(RunningGenerations.defaultLimit(600 * MIB, 20_000)).isEqualTo(1920);
        assertThat(RunningGenerations.defaultLimit(600 * MIB, 1000)).as("at most max-connections").isEqualTo(1000);
        assertThat(RunningGenerations.defaultLimit(MIB, 1000)).as("at least").isEqualTo(RunningGenerations.MIN_DEFAULT);
        assertThat(RunningGenerations.defaultTextBudget(600 * MIB)).as("a fifth of the heap").isEqualTo(120 * MIB);
    }

    @Test
    void theConfiguredLimitWinsAndPlacesComeBackWhenAnswersEnd() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RunningGenerations running = new RunningGenerations(
                new RelayProperties(null, null, null, null, null, null, null, null, null, 2, null), meters);

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
    void attachedClientsAndRunningAnswersShareTheLimitAndTheTextBudgetBindsOnlySends() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RunningGenerations running = new RunningGenerations(new RelayProperties(null, null, null, null, null, null, null,
                null, null, 2, DataSize.ofBytes(10)), meters);

        assertThat(running.tryStart()).isTrue();
        assertThat(running.tryAttach()).isTrue();
        assertThat(meters.get("chatgateway.relay.attached.streams").gauge().value()).isEqualTo(1);
        assertThat(running.full()).isTrue();
        assertThat(running.tryAttach()).isFalse();
        assertThat(running.tryStart()).isFalse();
        running.detached();
        assertThat(running.openStreams()).isEqualTo(1);

        assertThat(running.reserveText(5)).as("the whole budget").isTrue();
        assertThat(running.tryStart()).as("no text left for an answer").isFalse();
        assertThat(running.tryAttach()).as("an attached client holds no text of its own").isTrue();
        assertThat(meters.get("chatgateway.relay.refused").counter().count()).isEqualTo(3);
    }

    @Test
    void withoutAConfiguredLimitTheHeapDecides() {
        RunningGenerations running = new RunningGenerations(
                new RelayProperties(null, null, null, null, null, null, null, null, 100_000, null, null), new SimpleMeterRegistry());
        assertThat(running.limit()).isEqualTo(RunningGenerations.defaultLimit(Runtime.getRuntime().maxMemory(), 100_000));
    }

    @Test
    void withoutVirtualThreadsTheRequestThreadsBoundTheDefault() {
        RelayProperties properties = new RelayProperties(null, null, null, null, null, null, null, null, 100_000, null, null);
        RunningGenerations platform = new RunningGenerations(properties, new SimpleMeterRegistry(), false, 20);
        assertThat(platform.limit()).isEqualTo(Math.min(20, RunningGenerations.defaultLimit(Runtime.getRuntime().maxMemory(), 100_000)));
        RunningGenerations virtual = new RunningGenerations(properties, new SimpleMeterRegistry(), true, 20);
        assertThat(virtual.limit()).isEqualTo(Runtime.version().feature() >= 21
                ? RunningGenerations.defaultLimit(Runtime.getRuntime().maxMemory(), 100_000) : platform.limit());
    }

    @Test
    void answerTextIsCountedAgainstOneBudgetAndASendIsRefusedWhileItIsSpent() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RunningGenerations running = new RunningGenerations(new RelayProperties(null, null, null, null, null, null, null,
                null, null, 10, DataSize.ofBytes(100)), meters);
        assertThat(running.tryStart()).isTrue();

        assertThat(running.reserveText(30)).as("60 of 100 bytes").isTrue();
        assertThat(running.reserveText(21)).as("would be 102 bytes").isFalse();
        assertThat(running.reserveText(20)).as("exactly 100 bytes").isTrue();
        assertThat(meters.get("chatgateway.relay.answer.memory").gauge().value()).isEqualTo(100);
        assertThat(running.tryStart()).as("no send starts while the text budget is spent").isFalse();

        running.releaseText(50);
        assertThat(running.tryStart()).isTrue();
        assertThat(meters.get("chatgateway.relay.answer.memory").gauge().value()).isZero();
        assertThat(meters.get("chatgateway.relay.overloaded").counter().count()).isEqualTo(1);
        assertThat(meters.get("chatgateway.relay.refused").counter().count()).isEqualTo(1);
    }
}
