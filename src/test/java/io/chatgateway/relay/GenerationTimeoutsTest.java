package io.chatgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.chatgateway.relay.RelayProperties.OnDisconnect;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.generation.LiveGeneration;
import org.junit.jupiter.api.Test;

/**
 * The watchdog's decisions for one generation ({@link Generation#check}): first-byte, idle and total timeouts, the
 * heartbeat, and when to look again. Time is whatever the test says; nothing runs in the background.
 */
class GenerationTimeoutsTest {

    private static final long MS = 1_000_000L;
    private static final long START = 5_000 * MS;
    private static final StreamSettings SETTINGS =
            new StreamSettings(1_000, 2_000, 500, 10_000, 1_000, OnDisconnect.CONTINUE);

    private final AtomicLong clock = new AtomicLong(START);
    private final RecordingSink sink = new RecordingSink();
    private final ImmediateWatchdog watchdog = new ImmediateWatchdog();

    private Generation generation(StreamSettings settings) {
        ChatAgent target = new ChatAgent(UUID.randomUUID(), UUID.randomUUID(), "http://n8n.example/webhook", null, null,
                "{}", settings, true, false);
        RelayJob job = new RelayJob(new UpstreamRequest(target, "[]", UUID.randomUUID(), UUID.randomUUID()), START,
                new LiveGeneration(UUID.randomUUID(), UUID.randomUUID()));
        RelayProperties properties = new RelayProperties(null, null, null, null, null, null, null, null, null, null, null);
        RelayServices services = new RelayServices(properties, null, null, null, null, watchdog,
                new RelayMetrics(new SimpleMeterRegistry()), new RunningGenerations(properties, new SimpleMeterRegistry()),
                new ObjectMapper(), (generationId, agentId, teamId) -> { });
        Generation generation = new Generation(job, services, clock::get);
        generation.attach(sink);
        return generation;
    }

    private Generation generation() {
        return generation(SETTINGS);
    }

    /** A piece of text arriving from upstream at {@code atMs} after the start. */
    private void pieceAt(Generation generation, long atMs, String text) {
        clock.set(START + atMs * MS);
        generation.upstreamActive();
        generation.text(text);
    }

    private static long at(long ms) {
        return START + ms * MS;
    }

    @Test
    void beforeTheFirstPieceTheFirstByteTimeoutApplies() {
        sink.attached = false;
        Generation generation = generation();

        assertThat(generation.check(at(0))).isEqualTo(2_000 * MS);
        assertThat(generation.check(at(1_999))).isPositive();
        assertThat(generation.cutBy()).isNull();

        assertThat(generation.check(at(2_000))).isEqualTo(-1);
        assertThat(generation.cutBy()).isEqualTo(RelayError.FIRST_BYTE_TIMEOUT);
        assertThat(generation.check(at(2_500))).isEqualTo(-1);
    }

    @Test
    void bytesWithoutTextDoNotStopTheFirstByteClock() {
        sink.attached = false;
        Generation generation = generation();
        clock.set(at(1_500));
        generation.upstreamActive();

        generation.check(at(2_000));

        assertThat(generation.cutBy()).isEqualTo(RelayError.FIRST_BYTE_TIMEOUT);
    }

    @Test
    void onceTextFlowsTheIdleTimeoutCountsFromTheLastUpstreamActivity() {
        sink.attached = false;
        Generation generation = generation();
        pieceAt(generation, 300, "Hel");

        assertThat(generation.check(at(799))).isPositive();
        pieceAt(generation, 700, "lo");
        assertThat(generation.check(at(1_199))).isPositive();
        assertThat(generation.cutBy()).isNull();
        // past the first-byte deadline too, but text has started: idle is what counts
        assertThat(generation.check(at(2_100))).isEqualTo(-1);
        assertThat(generation.cutBy()).isEqualTo(RelayError.IDLE_TIMEOUT);
    }

    @Test
    void theTotalTimeoutCutsEvenWhileTextKeepsComing() {
        sink.attached = false;
        Generation generation = generation();
        for (long ms = 100; ms < 10_000; ms += 400) {
            pieceAt(generation, ms, "x");
            assertThat(generation.check(at(ms + 1))).isPositive();
        }
        pieceAt(generation, 9_999, "x");

        assertThat(generation.check(at(10_000))).isEqualTo(-1);
        assertThat(generation.cutBy()).isEqualTo(RelayError.TOTAL_TIMEOUT);
    }

    @Test
    void aPieceStillBeingWrittenToASlowClientIsNotCutForIdleness() {
        Generation generation = generation();
        List<Long> checksDuringTheWrite = new ArrayList<>();
        sink.onMessage = () -> checksDuringTheWrite.add(generation.check(at(2_000)));
        pieceAt(generation, 300, "slow");

        assertThat(checksDuringTheWrite).singleElement().satisfies(next -> assertThat(next).isPositive());
        assertThat(generation.cutBy()).isNull();
        sink.onMessage = () -> { };
        assertThat(generation.check(at(2_000))).isEqualTo(-1);
        assertThat(generation.cutBy()).isEqualTo(RelayError.IDLE_TIMEOUT);
    }

    @Test
    void aHeartbeatGoesOutWhenTheClientHeardNothingForTheInterval() {
        Generation generation = generation(new StreamSettings(1_000, 60_000, 60_000, 600_000, 1_000, OnDisconnect.CONTINUE));
        sink.lastWriteNanos = at(0);

        assertThat(generation.check(at(999))).isEqualTo(1 * MS);
        assertThat(sink.heartbeats).isEmpty();

        long next = generation.check(at(1_000));
        assertThat(sink.heartbeats).containsExactly(1_000 * MS);
        assertThat(next).isEqualTo(1_000 * MS);

        sink.attached = false;
        generation.check(at(5_000));
        assertThat(sink.heartbeats).hasSize(1);
    }

    @Test
    void checksAreAtLeastFiftyMillisecondsApartUntilADeadline() {
        sink.attached = false;
        Generation generation = generation();
        assertThat(generation.check(at(1_990))).isEqualTo(50 * MS);
        assertThat(generation.cutBy()).isNull();
    }

    @Test
    void aFinishedOrCutGenerationIsNotCheckedAgain() {
        Generation finished = generation();
        finished.finished = true;
        assertThat(finished.check(at(0))).isEqualTo(-1);
        assertThat(finished.cutBy()).isNull();

        Generation stopping = generation();
        stopping.shutDown();
        assertThat(stopping.cutBy()).isEqualTo(RelayError.SHUTDOWN);
        assertThat(stopping.check(at(0))).isEqualTo(-1);
    }

    @Test
    void aClientLeavingCutsTheGenerationOnlyWithOnDisconnectAbort() {
        Generation continuing = generation();
        continuing.clientGone();
        assertThat(continuing.cutBy()).isNull();

        Generation aborting = generation(new StreamSettings(1_000, 2_000, 500, 10_000, 1_000, OnDisconnect.ABORT));
        aborting.clientGone();
        assertThat(aborting.cutBy()).isEqualTo(RelayError.CLIENT_DISCONNECTED);
    }

    /** An event sink that records what the watchdog made it do. */
    private static final class RecordingSink implements EventSink {

        volatile boolean attached = true;
        volatile long lastWriteNanos = START;
        final List<Long> heartbeats = new ArrayList<>();
        Runnable onMessage = () -> { };

        @Override
        public void event(String id, String json) {
            if (json.startsWith("{\"type\":\"message\"")) {
                onMessage.run();
            }
        }

        @Override
        public void heartbeatIfIdle(long intervalNanos) {
            heartbeats.add(intervalNanos);
        }

        @Override
        public long lastWriteNanos() {
            return lastWriteNanos;
        }

        @Override
        public boolean attached() {
            return attached;
        }
    }

    /** Schedules nothing; writes heartbeats at once, on the test's thread. */
    private static final class ImmediateWatchdog extends RelayWatchdog {

        @Override
        void watch(Generation generation) {
        }

        @Override
        void unwatch(Generation generation) {
        }

        @Override
        void write(Runnable write) {
            write.run();
        }
    }
}
