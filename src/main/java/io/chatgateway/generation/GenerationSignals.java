package io.chatgateway.generation;

import java.util.UUID;
import java.util.function.Consumer;

import io.chatgateway.system.PgNotifications;
import org.springframework.stereotype.Component;

/**
 * What other replicas tell this one: stop a generation ({@code generation_stop}, payload its id), and new events were
 * written ({@code generation_events}: followers re-read). Only hints: a stop also arrives with the next flush, and
 * followers also poll.
 */
@Component
class GenerationSignals {

    static final String STOP_CHANNEL = "generation_stop";
    static final String EVENTS_CHANNEL = "generation_events";

    private final Object written = new Object();
    private volatile Consumer<UUID> stops = id -> { };

    GenerationSignals(PgNotifications notifications) {
        notifications.subscribe(STOP_CHANNEL, new PgNotifications.Subscriber() {
            @Override
            public void listening() {
                // stops missed meanwhile come with the next flush
            }

            @Override
            public void notified(String payload) {
                try {
                    stops.accept(UUID.fromString(payload));
                } catch (IllegalArgumentException e) {
                    // not a generation id: nothing to stop
                }
            }

            @Override
            public void notListening() {
                // stops come with the flushes meanwhile
            }
        });
        notifications.subscribe(EVENTS_CHANNEL, new PgNotifications.Subscriber() {
            @Override
            public void listening() {
                wakeFollowers();
            }

            @Override
            public void notified(String payload) {
                wakeFollowers();
            }

            @Override
            public void notListening() {
                // followers poll meanwhile
            }
        });
    }

    void onStop(Consumer<UUID> stop) {
        stops = stop;
    }

    void wakeFollowers() {
        synchronized (written) {
            written.notifyAll();
        }
    }

    /** Waits until new events may have been written on any replica, at most the given time. */
    void awaitWritten(long millis) throws InterruptedException {
        synchronized (written) {
            written.wait(millis);
        }
    }
}
