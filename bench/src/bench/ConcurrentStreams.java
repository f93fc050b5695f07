package bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * B2: 500 clients streaming at once — throughput and time to first token beside direct and nginx, and what a
 * send costs PostgreSQL and waits for its connection pool (C3, C4).
 */
final class ConcurrentStreams extends Scenario {

    static final String ACQUIRE = "hikaricp_connections_acquire_seconds";
    static final String USAGE = "hikaricp_connections_usage_seconds";

    ConcurrentStreams(Context context) {
        super(context, "B2");
    }

    @Override
    void run() throws Exception {
        int clients = concurrentClients();
        int rounds = option("b2-rounds", 3, 1);
        int warmup = option("b2-warmup", 1, 0);
        StreamSpec spec = concurrentSpec();
        results.concurrentSpec = spec;
        body.append("\n## B2 — ").append(clients).append(" concurrent streams\n\n").append(clients)
                .append(" clients, each ").append(warmup).append(" warm-up + ").append(rounds)
                .append(" measured streams back to back on a keep-alive connection (gateway: each client its own ")
                .append("user and chat), ").append(spec).append(". Targets run one after the other; clients start ")
                .append("spread over 0.5 s. CPU = process CPU (user+sys, all threads) during the measured rounds.\n\n");
        Map<Target, StreamRun> runs = new LinkedHashMap<>();
        for (Target t : stack.streamTargets()) {
            List<Lane> lanes = stack.lanes(t, spec, clients, 1);
            long[] before = stack.mockStats();
            StreamRun run = load.measure(t, lanes, rounds, warmup, 500, spec.tokens(),
                    (long) (rounds + warmup) * (spec.tokens() * spec.delayMs() + 10_000L) + 20_000, false);
            long[] after = stack.mockStats();
            run.upstreamConnections = after[0] - before[0];
            run.upstreamAnswers = after[1] - before[1];
            runs.put(t, run);
            results.concurrent.put(t.name(), run);
            Lane.closeAll(lanes);
        }
        StreamTable.append(body, runs, true);
        StreamRun direct = runs.get(stack.direct);
        StreamRun nginx = stack.nginx == null ? null : runs.get(stack.nginx);
        StreamRun gw = stack.gateway == null ? null : runs.get(stack.gateway);
        if (gw == null) {
            verdict("added TTFT p99 ≤ 50 ms and ≤ 2× nginx's; 0 errors", stack.gatewayMissing(), null);
            return;
        }
        boolean data = gw.ttft.count() > 0 && direct.ttft.count() > 0;
        double added99 = Stats.ms(gw.ttft.p(99) - direct.ttft.p(99));
        verdict("added TTFT p99 ≤ 50 ms", data ? Stats.fmt(added99) + " ms" : "no completed streams",
                Report.judged(data, added99 <= 50));
        if (nginx != null) {
            boolean both = data && nginx.ttft.count() > 0;
            double nginxAdded = Stats.ms(nginx.ttft.p(99) - direct.ttft.p(99));
            verdict("added TTFT p99 ≤ 2× nginx's", both ? Stats.fmt(added99) + " ms vs 2 × "
                    + Stats.fmt(nginxAdded) + " ms" : "no completed streams",
                    Report.judged(both, added99 <= 2 * Math.max(nginxAdded, 0)));
        }
        verdict("0 errors", gw.errors + " errors of " + gw.results.size(),
                Report.judged(!gw.results.isEmpty(), gw.errors == 0));
        pool(gw, nginx, spec);
    }

    /** C3 and C4 from the gateway's metrics and PostgreSQL's CPU over the gateway's measured rounds */
    private void pool(StreamRun gw, StreamRun nginx, StreamSpec spec) {
        int sends = gw.results.size();
        Prometheus.Sample d = gw.metricsDelta();
        boolean metrics = d != null && d.has(ACQUIRE + "_count");
        double acquisitions = metrics ? d.sum(ACQUIRE + "_count") : Double.NaN;
        double perSend = acquisitions / Math.max(1, sends);
        Prometheus.Histogram acquire = metrics ? d.histogram(ACQUIRE) : null;
        Prometheus.Histogram usage = metrics ? d.histogram(USAGE) : null;
        double acquireMeanMs = metrics ? 1000 * d.sum(ACQUIRE + "_sum") / Math.max(1, acquisitions) : Double.NaN;
        double usageMeanMs = metrics ? 1000 * d.sum(USAGE + "_sum") / Math.max(1, d.sum(USAGE + "_count"))
                : Double.NaN;
        double acquireP99 = acquire == null ? Double.NaN : acquire.percentileBound(99);
        double longestHold = usage == null ? Double.NaN : usage.maxBound();
        double pgMs = sends == 0 ? Double.NaN : gw.dbCpuNanos / 1e6 / sends;

        body.append("\nThe gateway's database pool during its measured rounds (HikariCP's metrics from ")
                .append("`/actuator/prometheus`, before and after; bucket bounds, so \"≤\"): ");
        if (!metrics) {
            body.append("not available (").append(stack.metrics == null ? "no management port given"
                    : "no `" + ACQUIRE + "` in the gateway's metrics").append(").\n");
        } else {
            body.append(Stats.fmt(acquisitions)).append(" acquisitions for ").append(sends).append(" sends (")
                    .append(Stats.fmt(perSend)).append(" per send); wait for a connection mean ")
                    .append(Stats.fmt(acquireMeanMs)).append(" ms, p99 ").append(Prometheus.bound(acquireP99))
                    .append(", max ").append(Prometheus.bound(acquire == null ? Double.NaN : acquire.maxBound()))
                    .append("; connection held mean ").append(Stats.fmt(usageMeanMs)).append(" ms, longest ")
                    .append(Prometheus.bound(longestHold)).append(". PostgreSQL CPU per send ")
                    .append(Stats.fmt(pgMs)).append(" ms.")
                    .append(acquire == null ? " (No histogram buckets: run.sh switches them on with "
                            + "SPRING_APPLICATION_JSON.)" : "").append('\n');
        }

        // C3: a connection held as long as the answer streams (or n8n is called) shows up as a hold near it
        long answerMs = spec.answerMillis();
        boolean c3Data = metrics && usage != null && sends > 0;
        cost("C3", c3Data ? Stats.fmt(pgMs) + " ms CPU, " + Stats.fmt(perSend) + " acquisitions per send, longest "
                        + "hold " + Prometheus.bound(longestHold) + " (an answer streams " + answerMs + " ms)"
                        : "PostgreSQL " + Stats.fmt(pgMs) + " ms CPU per send; pool metrics not available",
                Report.judged(c3Data, pgMs <= 0.6 && perSend <= 2 && longestHold * 1000 < answerMs));

        double cores = gw.cores();
        String beside = nginx == null ? "" : "; " + Stats.fmt(gw.streamsPerSecond()) + " streams/s vs nginx "
                + Stats.fmt(nginx.streamsPerSecond()) + ", TTFT p50 " + Stats.fmtMs(gw.ttft.p(50)) + " vs "
                + Stats.fmtMs(nginx.ttft.p(50)) + " ms, p99 " + Stats.fmtMs(gw.ttft.p(99)) + " vs "
                + Stats.fmtMs(nginx.ttft.p(99)) + " ms";
        boolean c4Data = acquire != null && nginx != null && nginx.completed() > 0 && acquire.count() > 0;
        boolean keepsUp = nginx != null && gw.streamsPerSecond() >= 0.95 * nginx.streamsPerSecond();
        cost("C4", "acquire p99 " + Prometheus.bound(acquireP99) + ", gateway " + Stats.fmt(cores) + " cores, "
                        + machineShare(gw) + beside,
                Report.judged(c4Data, acquireP99 <= 0.05 && (keepsUp || cpuBound(gw))));
    }

    /**
     * C4's "short of nginx's rate only because its CPU is busy (≥ 1.6 of 2 cores), not waiting", as this machine can
     * show it: the gateway alone cannot use 1.6 cores here, because the mock, the load generator and PostgreSQL need
     * the rest to serve its rate. So the question is put to the whole machine: were 80 % of its cores busy while the
     * gateway ran (so that nothing was idle for it to wait on), or did its own process reach that by itself.
     */
    static boolean cpuBound(StreamRun gw) {
        int cores = Runtime.getRuntime().availableProcessors();
        return gw.cores() >= 0.8 * cores || gw.machineCores() >= 0.8 * cores;
    }

    /** "machine 1.97 of 2 cores busy (gateway 0.78, PostgreSQL 0.40, mock 0.35, load generator 0.41, rest 0.03)" */
    static String machineShare(StreamRun run) {
        if (Double.isNaN(run.machineCores())) {
            return "machine's busy cores unknown";
        }
        double wall = run.wallNanos;
        double rest = run.machineBusyNanos - run.cpuNanos - run.dbCpuNanos - run.mockCpuNanos - run.selfCpuNanos;
        return "machine " + Stats.fmt(run.machineCores()) + " of " + Runtime.getRuntime().availableProcessors()
                + " cores busy (gateway " + Stats.fmt(run.cpuNanos / wall) + ", PostgreSQL "
                + Stats.fmt(run.dbCpuNanos / wall) + ", mock " + Stats.fmt(run.mockCpuNanos / wall) + ", load generator "
                + Stats.fmt(run.selfCpuNanos / wall) + ", rest " + Stats.fmt(Math.max(0, rest) / wall) + ")";
    }
}
