package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A long-running service is measured, not a cold one: before any scenario the gateway relays short streams and
 * answers chat lists for {@code --warmup-seconds}, so that the JIT has compiled the request and relay paths (on 2
 * shared cores a cold JVM spends about 40 % of its CPU compiling). Nothing here is recorded.
 */
final class WarmUp extends Scenario {

    WarmUp(Context context) {
        super(context, "warm-up");
    }

    @Override
    void run() throws Exception {
        int seconds = option("warmup-seconds", 60, 3);
        if (seconds <= 0 || stack.gateway == null || !stack.gatewayStreams()) {
            return;
        }
        int clients = option("warmup-clients", 16, 4);
        StreamSpec spec = new StreamSpec("ndjson", 50, 0, 0);
        List<Lane> lanes = stack.lanes(stack.gateway, spec, clients, 1);
        long streamsEnd = System.nanoTime() + seconds * 1_000_000_000L * 3 / 4;
        AtomicLong streams = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Lane lane : lanes) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int r = 0; System.nanoTime() < streamsEnd; r++) {
                    (lane.stream(r, spec.tokens()).ok() ? streams : errors).incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] lists = new CrudLoad(stack).run("/api/chats", lanes.stream().map(Lane::client).toList(),
                Math.max(1, seconds / 4), 200);
        Lane.closeAll(lanes);
        Bench.log("warm-up: " + streams + " streams (" + errors + " errors), " + lists[0] + " chat lists ("
                + lists[1] + " errors) in " + seconds + " s");
        body.append("\nWarm-up before the scenarios (not recorded): ").append(clients).append(" clients relayed ")
                .append(streams).append(" streams of ").append(spec).append(" and fetched ").append(lists[0])
                .append(" chat lists through the gateway in ").append(seconds).append(" s.\n");
    }
}
