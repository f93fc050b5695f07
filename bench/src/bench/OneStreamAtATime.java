package bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** B1: streams one after the other — what the gateway adds to the time to first token when nothing queues (C5). */
final class OneStreamAtATime extends Scenario {

    OneStreamAtATime(Context context) {
        super(context, "B1");
    }

    @Override
    void run() throws Exception {
        int repeat = option("b1-repeat", 200, 5);
        int warmup = option("b1-warmup", 3, 1);
        StreamSpec spec = new StreamSpec("ndjson", option("b1-tokens", 50, 10), option("b1-delay", 20, 5), 0);
        body.append("\n## B1 — one stream at a time\n\n").append(warmup).append(" warm-up + ").append(repeat)
                .append(" sequential streams of ").append(spec).append(" per target. The three targets run side ")
                .append("by side (one client each), so the run takes as long as one target's streams.\n\n");
        Map<Target, List<Lane>> lanes = new LinkedHashMap<>();
        for (Target t : stack.streamTargets()) {
            lanes.put(t, stack.lanes(t, spec, 1, repeat));
        }
        Map<Target, StreamRun> runs = new LinkedHashMap<>();
        List<Thread> threads = new ArrayList<>();
        long timeoutMs = (long) (repeat + warmup) * (spec.tokens() * spec.delayMs() + 5_000L) + 10_000;
        for (Target t : lanes.keySet()) {
            threads.add(Thread.ofVirtual().start(() -> {
                StreamRun run = load.measure(t, lanes.get(t), repeat, warmup, 0, spec.tokens(), timeoutMs, false);
                synchronized (runs) {
                    runs.put(t, run);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Map<Target, StreamRun> ordered = new LinkedHashMap<>();
        for (Target t : lanes.keySet()) {
            ordered.put(t, runs.get(t));
        }
        StreamTable.append(body, ordered, false);
        StreamRun direct = ordered.get(stack.direct);
        StreamRun gw = stack.gateway == null ? null : ordered.get(stack.gateway);
        if (gw == null) {
            cost("C5", stack.gatewayMissing(), null);
            return;
        }
        boolean data = gw.ttft.count() > 0 && direct.ttft.count() > 0;
        double added50 = Stats.ms(gw.ttft.p(50) - direct.ttft.p(50));
        double added99 = Stats.ms(gw.ttft.p(99) - direct.ttft.p(99));
        commitLatency();
        cost("C5", data ? Stats.signed(added50) + " / " + Stats.signed(added99) + " ms (" + gw.ttft.count()
                        + " streams)" : "no completed streams",
                Report.judged(data, added50 <= 2 && added99 <= 8));
        verdict("0 errors, one stream at a time", gw.errors + " errors of " + gw.results.size(),
                Report.judged(!gw.results.isEmpty(), gw.errors == 0));
    }

    /**
     * What a durable commit costs on this machine: a send saves the user message before any of the answer is
     * relayed, so a commit (its WAL flush) is part of every send's time to first token unless the webhook call
     * takes longer. Timed inside PostgreSQL, without the round trip.
     */
    private void commitLatency() {
        if (stack.setup.psql() == null) {
            return;
        }
        List<String> row = stack.setup.psql().query("""
                CREATE TABLE bench_commit (x int);
                CREATE TABLE bench_commit_ms (ms float8);
                DO $$
                DECLARE t0 timestamptz;
                BEGIN
                  FOR i IN 1..200 LOOP
                    INSERT INTO bench_commit VALUES (i);
                    t0 := clock_timestamp();
                    COMMIT;
                    INSERT INTO bench_commit_ms VALUES (extract(epoch FROM clock_timestamp() - t0) * 1000);
                  END LOOP;
                  COMMIT;
                END $$;
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) || ' '
                       || percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) FROM bench_commit_ms;
                DROP TABLE bench_commit, bench_commit_ms""");
        String[] p = row.get(row.size() - 1).split(" ");
        body.append("\nA durable commit on this machine's PostgreSQL (200 single-row commits, each timed inside the ")
                .append("server, so without the round trip): p50 ").append(Stats.fmt(Double.parseDouble(p[0])))
                .append(" ms, p99 ").append(Stats.fmt(Double.parseDouble(p[1]))).append(" ms. A send waits for ")
                .append("one before it relays the first piece (the webhook call runs meanwhile).\n");
    }
}
