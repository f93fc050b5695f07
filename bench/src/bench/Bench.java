package bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the scenarios of issue 6 against three targets — the mock n8n directly, nginx in front of it, and the
 * gateway relaying it — and writes a Markdown report. Started by bench/run.sh, which owns the processes.
 */
public final class Bench {

    record Target(String name, URI base, long pid) {
    }

    private static final long SELF = ProcessHandle.current().pid();

    /** a measured CRUD round: throughput, latency, and CPU per request (ms) of the target, the bench, PostgreSQL */
    record CrudRound(double rps, long errors, Stats latency, double targetMs, double selfMs, double dbMs) {
    }

    record Spec(String mode, int tokens, int delayMs, int ttftMs) {
        String webhookPath() {
            return "/webhook/" + mode + "/" + tokens + "/" + delayMs + "/" + ttftMs;
        }

        @Override
        public String toString() {
            return tokens + " tokens × " + delayMs + " ms (" + mode + ", first after " + ttftMs + " ms)";
        }
    }

    /** one virtual client: its connection and the request paths it sends in turn */
    record Lane(Client client, String[] paths, String body) {
    }

    /** what one target measured in one streaming scenario */
    static final class StreamRun {
        final List<Client.Result> results = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> errorKinds = new TreeMap<>();
        long wallNanos;
        long cpuNanos;
        long dbCpuNanos;
        /** CPU of the load generator itself and of the mock during the measured rounds (for {@link Budget}) */
        long selfCpuNanos;
        long mockCpuNanos;
        long maxRss;
        int errors;
        Stats ttfb;
        Stats ttft;
        Stats total;
        Stats gaps;
        long events;
        long upstreamConnections = -1;
        long upstreamAnswers = -1;

        void summarise() {
            long[] fb = new long[results.size()];
            long[] ft = new long[results.size()];
            long[] tt = new long[results.size()];
            int ok = 0;
            int gapCount = 0;
            for (Client.Result r : results) {
                if (r.ok()) {
                    fb[ok] = r.firstByte;
                    ft[ok] = r.firstMessage;
                    tt[ok] = r.total;
                    ok++;
                    gapCount += r.gaps;
                    events += r.messages;
                } else {
                    errors++;
                    errorKinds.merge(r.error.length() > 80 ? r.error.substring(0, 80) : r.error, 1, Integer::sum);
                }
            }
            int[] g = new int[gapCount];
            int at = 0;
            for (Client.Result r : results) {
                if (r.ok()) {
                    System.arraycopy(r.gapsMicros, 0, g, at, r.gaps);
                    at += r.gaps;
                }
            }
            ttfb = new Stats(fb, ok);
            ttft = new Stats(ft, ok);
            total = new Stats(tt, ok);
            gaps = Stats.ofMicros(g, gapCount);
        }

        double streamsPerSecond() {
            return (results.size() - errors) / (wallNanos / 1e9);
        }
    }

    private final Map<String, String> options;
    private final boolean smoke;
    private final Set<String> scenarios;
    private final List<Target> targets = new ArrayList<>();
    private final Target gatewayTarget;
    private final long dbPid;
    private final String webhookBase;
    private final GatewaySetup setup;
    private final StringBuilder body = new StringBuilder();
    private final List<String> verdicts = new ArrayList<>();
    private final Map<Spec, String> agents = new HashMap<>();
    private final Budget budget = new Budget(Runtime.getRuntime().availableProcessors());
    /** B4's split: µs of CPU per extra piece, per target name */
    private final Map<String, Double> perPieceMicros = new HashMap<>();
    /** B5's gateway figures, and those of a request Spring Security refuses: the floor of the stack */
    private CrudRound b5Gateway;
    private CrudRound b5Refused;
    private final Map<String, StreamRun> b2ByName = new LinkedHashMap<>();
    /** per target, the largest B3 step it held */
    private final Map<String, StreamRun> b3Largest = new LinkedHashMap<>();
    private String gatewayStreamsMissing;
    private boolean failed;

    private Bench(Map<String, String> options) {
        this.options = options;
        this.smoke = options.containsKey("smoke");
        this.scenarios = new LinkedHashSet<>(Arrays.asList(options.getOrDefault("scenarios",
                "B1,B2,B3,B4,B5,B6,B7").split(",")));
        targets.add(new Target("direct", URI.create(options.get("mock")), longOption("mock-pid")));
        if (options.containsKey("nginx")) {
            targets.add(new Target("nginx", URI.create(options.get("nginx")), longOption("nginx-pid")));
        }
        if (options.containsKey("gateway")) {
            gatewayTarget = new Target("gateway", URI.create(options.get("gateway")), longOption("gateway-pid"));
            targets.add(gatewayTarget);
            String psql = System.getenv("BENCH_PSQL");
            setup = new GatewaySetup(gatewayTarget.base(),
                    psql == null || psql.isBlank() ? null : new GatewaySetup.Psql(List.of(psql.trim().split("\\s+"))),
                    System.getenv("BENCH_JWT_SECRET"));
        } else {
            gatewayTarget = null;
            setup = null;
        }
        this.dbPid = longOption("db-pid");
        this.webhookBase = options.get("mock");
    }

    private long longOption(String name) {
        String v = options.get(name);
        return v == null || v.isBlank() ? -1 : Long.parseLong(v);
    }

    private int intOption(String name, int full, int smokeValue) {
        String v = options.get(name);
        return v != null ? Integer.parseInt(v) : smoke ? smokeValue : full;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value: " + arg);
            }
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
        }
        Bench bench = new Bench(options);
        long limitSeconds = Long.parseLong(options.getOrDefault("max-seconds", "540"));
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(limitSeconds * 1000);
                bench.body.append("\n**Run stopped by its own time limit (").append(limitSeconds).append(" s).**\n");
                bench.failed = true;
                bench.write();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException | IOException e) {
                // finished in time
            }
        });
        // a run stopped from outside (SIGTERM) still leaves the figures measured so far
        Thread partial = new Thread(() -> {
            try {
                bench.body.append("\n**Run stopped from outside before it finished.**\n");
                bench.write();
            } catch (IOException e) {
                // nothing more to do while the JVM exits
            }
        });
        Runtime.getRuntime().addShutdownHook(partial);
        bench.run();
        watchdog.interrupt();
        Runtime.getRuntime().removeShutdownHook(partial);
        bench.write();
        System.exit(bench.failed ? 1 : 0);
    }

    private void run() throws Exception {
        if (setup != null) {
            setup.registerAdmin();
            log("gateway: admin and first user registered");
        }
        warmUp();
        StreamRun[] b2 = null;
        for (String id : scenarios) {
            long start = System.nanoTime();
            log("== " + id);
            try {
                switch (id) {
                    case "B1" -> b1();
                    case "B2" -> b2 = b2();
                    case "B3" -> b3();
                    case "B4" -> b4(b2);
                    case "B5" -> b5();
                    case "B6" -> b6();
                    case "B7" -> b7();
                    default -> throw new IllegalArgumentException("unknown scenario " + id);
                }
            } catch (Exception e) {
                failed = true;
                body.append("\n**").append(id).append(" failed:** `").append(e).append("`\n");
                e.printStackTrace();
            }
            log(id + " took " + (System.nanoTime() - start) / 1_000_000_000 + " s");
        }
        if (gatewayTarget != null && !smoke) {
            budget();
            body.append(budget.markdown());
        }
    }

    // ---------------------------------------------------------------- what the machine allows

    private void budget() {
        StreamRun direct = b2ByName.get("direct");
        StreamRun nginx = b2ByName.get("nginx");
        StreamRun gw = b2ByName.get("gateway");
        if (direct == null || nginx == null || gw == null || gw.results.size() == gw.errors) {
            budget.notMeasured("B2", "needs B2 with the direct, nginx and gateway rounds");
        } else {
            double rate = 0.95 * direct.streamsPerSecond();
            streamRateRow("B2", rate, "95 % of direct's " + Stats.fmt(direct.streamsPerSecond()) + " streams/s = "
                            + Stats.fmt(rate) + "/s", direct, "", gw, "the user message and the answer, both durable",
                    "nginx relaying the same stream (no database, no sign-in)", nginx, perStream(gw, gw.cpuNanos));
        }
        StreamRun b3Direct = b3Largest.get("direct");
        StreamRun b3Nginx = b3Largest.get("nginx");
        if (b3Direct == null || b3Nginx == null || gw == null) {
            budget.notMeasured("B3", "needs B3's direct and nginx steps and B2");
        } else {
            // 10,000 streams of 10 s held at once: 1,000 new streams every second
            streamRateRow("B3", 1000, "10,000 streams of 10 s held: 1,000 new streams per second (and two sockets "
                            + "per stream in the gateway: more than this machine's open-file limit)", b3Direct,
                    " (direct's largest B3 step, " + b3Direct.results.size() + " streams)", gw, "per send, B2",
                    "nginx in its largest B3 step (" + b3Nginx.results.size() + " streams)", b3Nginx, Double.NaN);
        }
        Double mockPerPiece = perPieceMicros.get("direct");
        if (gw == null || b5Refused == null || mockPerPiece == null) {
            budget.notMeasured("B4", "needs B2, B4's split and B5");
        } else {
            int pieces = b2Spec().tokens();
            budget.row("B4", "≤ 20 µs per event × " + pieces + " pieces = " + Stats.fmt(0.02 * pieces)
                            + " ms of the gateway's CPU per stream", "—", 0.02 * pieces,
                    "one request refused by Spring Security (B5) " + Stats.fmt(b5Refused.targetMs()) + " ms + "
                            + pieces + " × the mock's " + Stats.fmt(mockPerPiece) + " µs to write one piece (a "
                            + "relay also reads it)", b5Refused.targetMs() + pieces * mockPerPiece / 1000,
                    perStream(gw, gw.cpuNanos));
        }
        if (b5Gateway == null || b5Refused == null) {
            budget.notMeasured("B5", "needs B5");
        } else {
            double all = budget.machineMsPer(2700);
            budget.row("B5", "2,700 req/s: " + Stats.fmt(all) + " ms of CPU per request for all processes",
                    "load generator " + Stats.fmt(b5Gateway.selfMs()) + " + PostgreSQL " + Stats.fmt(b5Gateway.dbMs())
                            + " ms per request", all - b5Gateway.selfMs() - b5Gateway.dbMs(),
                    "one request refused by Spring Security (no Camel, no SQL)", b5Refused.targetMs(),
                    b5Gateway.targetMs());
        }
    }

    /**
     * A row for a rate of new streams: the load generator's and the mock's CPU per stream from {@code others}
     * (a round where they worked without the gateway), PostgreSQL's per send from the gateway's round, against
     * {@code cheapest}'s own CPU per stream.
     */
    private void streamRateRow(String id, double rate, String needs, StreamRun others, String othersNote,
                               StreamRun gw, String dbNote, String cheapest, StreamRun cheapestRun, double gatewayMs) {
        double all = budget.machineMsPer(rate);
        double self = perStream(others, others.selfCpuNanos);
        double mock = perStream(others, others.mockCpuNanos);
        double db = perStream(gw, gw.dbCpuNanos);
        budget.row(id, needs + ": " + Stats.fmt(all) + " ms of CPU per stream for all processes",
                "load generator " + Stats.fmt(self) + " + mock " + Stats.fmt(mock) + othersNote + " + PostgreSQL "
                        + Stats.fmt(db) + " (" + dbNote + ") ms per stream", all - self - mock - db,
                cheapest, perStream(cheapestRun, cheapestRun.cpuNanos), gatewayMs);
    }

    private static double perStream(StreamRun run, long cpuNanos) {
        return cpuNanos / 1e6 / Math.max(1, run.results.size() - run.errors);
    }

    // ---------------------------------------------------------------- warm-up

    /**
     * A long-running service is measured, not a cold one: before any scenario the gateway relays short streams
     * and answers chat lists for {@code --warmup-seconds}, so that the JIT has compiled the request and relay
     * paths (on 2 shared cores a cold JVM spends about 40 % of its CPU compiling). Nothing here is recorded.
     */
    private void warmUp() throws Exception {
        int seconds = intOption("warmup-seconds", 60, 3);
        if (seconds <= 0 || gatewayTarget == null || !gatewayStreams()) {
            return;
        }
        int clients = intOption("warmup-clients", 16, 4);
        Spec spec = new Spec("ndjson", 50, 0, 0);
        List<Lane> lanes = lanes(gatewayTarget, spec, clients, 1);
        long streamsEnd = System.nanoTime() + seconds * 1_000_000_000L * 3 / 4;
        AtomicLong streams = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Lane lane : lanes) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int r = 0; System.nanoTime() < streamsEnd; r++) {
                    Client.Result result = stream(lane, r, spec.tokens());
                    (result.ok() && result.error == null ? streams : errors).incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long[] lists = crud("/api/chats", lanes.stream().map(Lane::client).toList(), Math.max(1, seconds / 4), 200);
        close(lanes);
        log("warm-up: " + streams + " streams (" + errors + " errors), " + lists[0] + " chat lists (" + lists[1]
                + " errors) in " + seconds + " s");
        body.append("\nWarm-up before the scenarios (not recorded): ").append(clients).append(" clients relayed ")
                .append(streams).append(" streams of ").append(spec).append(" and fetched ").append(lists[0])
                .append(" chat lists through the gateway in ").append(seconds).append(" s.\n");
    }

    // ---------------------------------------------------------------- streaming scenarios

    private void b1() throws Exception {
        int repeat = intOption("b1-repeat", 200, 5);
        int warmup = intOption("b1-warmup", 3, 1);
        Spec spec = new Spec("ndjson", intOption("b1-tokens", 50, 10), intOption("b1-delay", 20, 5), 0);
        body.append("\n## B1 — one stream at a time\n\n").append(warmup).append(" warm-up + ").append(repeat)
                .append(" sequential streams of ")
                .append(spec).append(" per target. The three targets run side by side (one client each), ")
                .append("so the run takes as long as one target's streams.\n\n");
        Map<Target, StreamRun> runs = new LinkedHashMap<>();
        Map<Target, List<Lane>> lanes = new LinkedHashMap<>();
        for (Target t : streamTargets()) {
            lanes.put(t, lanes(t, spec, 1, repeat));
        }
        List<Thread> threads = new ArrayList<>();
        for (Target t : lanes.keySet()) {
            StreamRun run = new StreamRun();
            runs.put(t, run);
            threads.add(Thread.ofVirtual().start(() -> measure(t, lanes.get(t), repeat, warmup, 0, spec.tokens(),
                    (long) (repeat + warmup) * (spec.tokens() * spec.delayMs() + 5_000L) + 10_000, false, run)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        streamTable(runs, false);
        StreamRun direct = runs.get(targets.get(0));
        StreamRun gw = gatewayRun(runs);
        if (gw != null && gw.ttft.count() > 0) {
            double added50 = Stats.ms(gw.ttft.p(50) - direct.ttft.p(50));
            double added99 = Stats.ms(gw.ttft.p(99) - direct.ttft.p(99));
            commitLatency();
            verdict("B1", "added TTFT p50 ≤ 2 ms", Stats.fmt(added50) + " ms", added50 <= 2);
            verdict("B1", "added TTFT p99 ≤ 10 ms", Stats.fmt(added99) + " ms", added99 <= 10);
            verdict("B1", "0 errors", gw.errors + " errors", gw.errors == 0);
        } else {
            verdict("B1", "added TTFT p50 ≤ 2 ms, p99 ≤ 10 ms", gatewayMissing(), null);
        }
    }

    /**
     * What a durable commit costs on this machine: a send saves the user message before any of the answer is
     * relayed, so a commit (its WAL flush) is part of every send's time to first token unless the webhook call
     * takes longer. Timed inside PostgreSQL, without the round trip.
     */
    private void commitLatency() {
        if (setup.psql() == null) {
            return;
        }
        List<String> row = setup.psql().query("""
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

    private StreamRun[] b2() throws Exception {
        int clients = b2Clients();
        int rounds = intOption("b2-rounds", 3, 1);
        int warmup = intOption("b2-warmup", 1, 0);
        Spec spec = b2Spec();
        body.append("\n## B2 — ").append(clients).append(" concurrent streams\n\n").append(clients)
                .append(" clients, each ").append(warmup).append(" warm-up + ").append(rounds)
                .append(" measured streams back to back on a keep-alive connection (gateway: each client its own ")
                .append("user and chat), ").append(spec).append(". Targets run one after the other; clients start ")
                .append("spread over 0.5 s. CPU = process CPU (user+sys, all threads) during the measured rounds.\n\n");
        Map<Target, StreamRun> runs = new LinkedHashMap<>();
        for (Target t : streamTargets()) {
            List<Lane> lanes = lanes(t, spec, clients, 1);
            StreamRun run = new StreamRun();
            long[] before = mockStats();
            measure(t, lanes, rounds, warmup, 500, spec.tokens(),
                    (long) (rounds + warmup) * (spec.tokens() * spec.delayMs() + 10_000L) + 20_000, false, run);
            long[] after = mockStats();
            run.upstreamConnections = after[0] - before[0];
            run.upstreamAnswers = after[1] - before[1];
            runs.put(t, run);
            b2ByName.put(t.name(), run);
            close(lanes);
        }
        streamTable(runs, true);
        StreamRun direct = runs.get(targets.get(0));
        StreamRun nginx = byName(runs, "nginx");
        StreamRun gw = gatewayRun(runs);
        if (gw != null && gw.ttft.count() > 0) {
            double added99 = Stats.ms(gw.ttft.p(99) - direct.ttft.p(99));
            verdict("B2", "added TTFT p99 ≤ 50 ms", Stats.fmt(added99) + " ms", added99 <= 50);
            if (nginx != null) {
                double nginxAdded = Stats.ms(nginx.ttft.p(99) - direct.ttft.p(99));
                verdict("B2", "added TTFT p99 ≤ 2× nginx's", Stats.fmt(added99) + " ms vs 2 × "
                        + Stats.fmt(nginxAdded) + " ms", added99 <= 2 * Math.max(nginxAdded, 0));
            }
            double ratio = gw.streamsPerSecond() / direct.streamsPerSecond();
            verdict("B2", "streams/s ≥ 95% of direct", Stats.fmt(100 * ratio) + "% ("
                    + Stats.fmt(gw.streamsPerSecond()) + " vs " + Stats.fmt(direct.streamsPerSecond()) + ")",
                    ratio >= 0.95);
            verdict("B2", "0 errors", gw.errors + " errors", gw.errors == 0);
        } else {
            verdict("B2", "added TTFT p99 ≤ 50 ms and ≤ 2× nginx; ≥ 95% streams/s; 0 errors", gatewayMissing(), null);
        }
        return runs.values().toArray(new StreamRun[0]);
    }

    private int b2Clients() {
        return intOption("b2-clients", 500, 10);
    }

    private Spec b2Spec() {
        return new Spec("ndjson", intOption("b2-tokens", 50, 10), intOption("b2-delay", 20, 10), 0);
    }

    private void b4(StreamRun[] b2) {
        body.append("\n## B4 — CPU per relayed event (at B2 load)\n\n");
        if (b2 == null) {
            body.append("B2 did not run.\n");
            verdict("B4", "≤ 20 µs per event", "B2 did not run", null);
            return;
        }
        body.append("Process CPU (user+sys from /proc, 10 ms ticks) during B2's measured rounds ÷ streamed pieces ")
                .append("delivered to the clients. direct = the mock producing them; nginx = its workers; gateway = ")
                .append("the service JVM (PostgreSQL's CPU shown separately).\n\n")
                .append("| target | events | CPU (ms) | µs per event | ms per stream | PostgreSQL CPU (ms) |\n")
                .append("|---|---|---|---|---|---|\n");
        List<Target> ts = streamTargets();
        Double gwPerEvent = null;
        Double nginxPerEvent = null;
        for (int i = 0; i < b2.length; i++) {
            StreamRun run = b2[i];
            double perEvent = run.events == 0 ? Double.NaN : run.cpuNanos / 1000.0 / run.events;
            body.append("| ").append(ts.get(i).name()).append(" | ").append(run.events).append(" | ")
                    .append(Stats.fmtMs(run.cpuNanos)).append(" | ").append(Stats.fmt(perEvent)).append(" | ")
                    .append(Stats.fmt(run.cpuNanos / 1e6 / Math.max(1, run.results.size() - run.errors))).append(" | ")
                    .append(ts.get(i) == gatewayTarget ? Stats.fmtMs(run.dbCpuNanos) : "—").append(" |\n");
            if (ts.get(i) == gatewayTarget && run.events > 0) {
                gwPerEvent = perEvent;
            }
            if (ts.get(i).name().equals("nginx") && run.events > 0) {
                nginxPerEvent = perEvent;
            }
        }
        marginalCost(b2);
        if (gwPerEvent != null) {
            verdict("B4", "≤ 20 µs CPU per event", Stats.fmt(gwPerEvent) + " µs (nginx "
                    + (nginxPerEvent == null ? "—" : Stats.fmt(nginxPerEvent)) + " µs)", gwPerEvent <= 20);
        } else {
            verdict("B4", "≤ 20 µs CPU per event", gatewayMissing(), null);
        }
    }

    /**
     * B4's figure divides everything a stream costs by its events. To tell the cost of relaying one more event
     * from the cost of handling one more request, the same clients run short streams (5 pieces) and the
     * difference in CPU per stream is divided by the difference in pieces. An estimate: the load differs a bit.
     */
    private void marginalCost(StreamRun[] b2) {
        int clients = b2Clients();
        int rounds = intOption("b4-rounds", 2, 1);
        Spec longSpec = b2Spec();
        Spec shortSpec = new Spec("ndjson", 5, longSpec.delayMs(), 0);
        if (longSpec.tokens() <= shortSpec.tokens()) {
            return;
        }
        body.append("\nSplit (estimate): the same ").append(clients).append(" clients also ran ").append(rounds)
                .append(" streams each of ").append(shortSpec).append("; CPU per extra piece = difference in CPU ")
                .append("per stream ÷ ").append(longSpec.tokens() - shortSpec.tokens()).append(" pieces, the rest ")
                .append("is the fixed cost of a stream (request, database, upstream call).\n\n")
                .append("| target | µs per extra piece | fixed ms per stream |\n|---|---|---|\n");
        List<Target> ts = streamTargets();
        for (int i = 0; i < b2.length && i < ts.size(); i++) {
            Target t = ts.get(i);
            try {
                List<Lane> lanes = lanes(t, shortSpec, clients, 1);
                StreamRun run = new StreamRun();
                measure(t, lanes, rounds, 1, 500, shortSpec.tokens(),
                        (rounds + 1L) * (shortSpec.tokens() * shortSpec.delayMs() + 10_000L) + 20_000, false, run);
                close(lanes);
                double longPerStream = b2[i].cpuNanos / 1e3 / Math.max(1, b2[i].results.size() - b2[i].errors);
                double shortPerStream = run.cpuNanos / 1e3 / Math.max(1, run.results.size() - run.errors);
                double perPiece = (longPerStream - shortPerStream) / (longSpec.tokens() - shortSpec.tokens());
                double fixedMs = (shortPerStream - perPiece * shortSpec.tokens()) / 1000;
                body.append("| ").append(t.name()).append(" | ").append(Stats.fmt(perPiece)).append(" | ")
                        .append(Stats.fmt(fixedMs)).append(" |\n");
                perPieceMicros.put(t.name(), perPiece);
            } catch (Exception e) {
                body.append("| ").append(t.name()).append(" | failed: ").append(e.getMessage()).append(" | |\n");
            }
        }
    }

    private void b3() throws Exception {
        int fdLimit = intOption("fd-limit", 20_000, 20_000);
        // the gateway holds two sockets per stream (client and n8n)
        int cap = Math.min(10_000, (fdLimit - 400) / 2 / 100 * 100);
        List<Integer> steps = new ArrayList<>();
        for (String s : options.getOrDefault("b3-steps", smoke ? "20" : "1000,5000," + cap).split(",")) {
            steps.add(Math.min(cap, Integer.parseInt(s.trim())));
        }
        int seconds = intOption("b3-seconds", 10, 2);
        int tokens = 20;
        Spec spec = new Spec("ndjson", tokens, seconds * 1000 / tokens, 0);
        double ttftLimitMs = 2000;
        body.append("\n## B3 — open streams, ramped\n\n").append("Steps of ").append(steps)
                .append(" concurrent streams, each ").append(spec).append(" (").append(seconds)
                .append(" s), opened at 1,000 per second (at most over 5 s); \"held\" = the largest step with 0 errors; a ")
                .append("target stops after its first step with errors or TTFT p99 > ")
                .append(Stats.fmt(ttftLimitMs)).append(" ms. RSS = resident memory of the target's processes, ")
                .append("sampled every 0.5 s. The step cap (").append(cap).append(") comes from this machine's ")
                .append("open-file limit (").append(fdLimit).append(", not raisable here): the gateway needs two ")
                .append("sockets per stream.\n\n| target | streams | errors | TTFT p50 (ms) | TTFT p99 (ms) | ")
                .append("gap p99 (ms) | max RSS (MiB) | step time (s) |\n|---|---|---|---|---|---|---|---|\n");
        for (Target t : streamTargets()) {
            int held = 0;
            long rssAtHeld = 0;
            for (int step : steps) {
                List<Lane> lanes = lanes(t, spec, step, 1);
                StreamRun run = new StreamRun();
                long start = System.nanoTime();
                measure(t, lanes, 1, 0, Math.max(1000, Math.min(5000, step)), spec.tokens(),
                        seconds * 1000L + 40_000, true, run);
                close(lanes);
                body.append("| ").append(t.name()).append(" | ").append(step).append(" | ").append(run.errors)
                        .append(errorsNote(run)).append(" | ").append(Stats.fmtMs(run.ttft.p(50))).append(" | ")
                        .append(Stats.fmtMs(run.ttft.p(99))).append(" | ").append(Stats.fmtMs(run.gaps.p(99)))
                        .append(" | ").append(run.maxRss / (1024 * 1024)).append(" | ")
                        .append((System.nanoTime() - start) / 1_000_000_000).append(" |\n");
                if (run.errors == 0) {
                    held = step;
                    rssAtHeld = Math.max(rssAtHeld, run.maxRss);
                    b3Largest.put(t.name(), run);
                }
                if (run.errors > 0 || Stats.ms(run.ttft.p(99)) > ttftLimitMs) {
                    break;
                }
                Thread.sleep(smoke ? 200 : 2000); // let sockets and the service settle
            }
            if (t == gatewayTarget) {
                boolean met = held >= 10_000 && rssAtHeld <= (1L << 30);
                verdict("B3", "≥ 10,000 held, 0 errors, RSS ≤ 1 GiB", held + " held, RSS "
                        + rssAtHeld / (1024 * 1024) + " MiB" + (cap < 10_000 ? " (cap " + cap + ": fd limit)" : ""),
                        met);
            }
        }
        if (gatewayTarget != null && gatewayStreamsMissing != null) {
            verdict("B3", "≥ 10,000 held, 0 errors, RSS ≤ 1 GiB", gatewayMissing(), null);
        }
    }

    private long mockPid() {
        return targets.get(0).pid();
    }

    private List<Target> streamTargets() {
        List<Target> ts = new ArrayList<>();
        for (Target t : targets) {
            if (t != gatewayTarget || gatewayStreams()) {
                ts.add(t);
            }
        }
        return ts;
    }

    private boolean gatewayStreams() {
        if (gatewayTarget == null) {
            return false;
        }
        if (gatewayStreamsMissing == null && !agents.containsKey(null)) {
            try {
                Spec probe = new Spec("ndjson", 2, 1, 0);
                String agent = agentFor(probe);
                if (agent == null) {
                    gatewayStreamsMissing = "no POST /api/agents on this build";
                } else {
                    GatewaySetup.User u = setup.users(1).get(0);
                    List<List<String>> chats = setup.chats(List.of(u), agent, 1);
                    try (Client c = setup.client(u, 30_000)) {
                        Client.Result r = c.exchange("POST", "/api/chats/" + chats.get(0).get(0) + "/messages",
                                "application/json", "text/event-stream", "{\"content\":\"probe\"}", false);
                        if (r.status == 404 || r.status == 405) {
                            gatewayStreamsMissing = "no POST /api/chats/{id}/messages (relay) on this build";
                        } else if (!r.ok() || r.messages != 2) {
                            gatewayStreamsMissing = "relay probe failed: HTTP " + r.status + " " + r.error
                                    + ", " + r.messages + " of 2 message events";
                        }
                    }
                }
            } catch (Exception e) {
                gatewayStreamsMissing = "gateway streaming set-up failed: " + e.getMessage();
            }
            agents.put(null, "probed");
            if (gatewayStreamsMissing != null) {
                log("gateway streaming scenarios skipped: " + gatewayStreamsMissing);
                body.append("\n> Gateway streaming scenarios not measured: ").append(gatewayStreamsMissing)
                        .append(".\n\n");
            }
        }
        return gatewayStreamsMissing == null;
    }

    private String gatewayMissing() {
        return gatewayTarget == null ? "gateway not run" : "not measured (" + gatewayStreamsMissing + ")";
    }

    private String agentFor(Spec spec) {
        return agents.computeIfAbsent(spec, s -> setup.agent("bench " + s.mode() + " " + s.tokens() + "x"
                + s.delayMs(), webhookBase + s.webhookPath()));
    }

    /** {@code clients} lanes for {@code target}; a gateway lane is a user with {@code chatsEach} chats */
    private List<Lane> lanes(Target target, Spec spec, int clients, int chatsEach) throws Exception {
        List<Lane> lanes = new ArrayList<>();
        int readTimeout = spec.ttftMs() + spec.delayMs() + 30_000;
        if (target != gatewayTarget) {
            for (int i = 0; i < clients; i++) {
                lanes.add(new Lane(new Client(target.base(), readTimeout), new String[] {spec.webhookPath()},
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello bench\",\"timestamp\":"
                                + "\"2025-01-01T00:00:00Z\"}],\"session_id\":\"bench-" + i + "\"}"));
            }
            return lanes;
        }
        String agent = agentFor(spec);
        List<GatewaySetup.User> users = setup.users(clients);
        List<List<String>> chats = setup.chats(users, agent, chatsEach);
        for (int i = 0; i < clients; i++) {
            String[] paths = chats.get(i).stream().map(id -> "/api/chats/" + id + "/messages").toArray(String[]::new);
            lanes.add(new Lane(setup.client(users.get(i), readTimeout), paths, "{\"content\":\"Hello bench\"}"));
        }
        return lanes;
    }

    /**
     * Runs every lane on its own virtual thread: {@code warmup} unrecorded streams, then (all lanes together)
     * {@code rounds} recorded ones. Lanes start spread over {@code spreadMs}. Anything still running at
     * {@code timeoutMs} is cut and counted as an error.
     */
    private void measure(Target t, List<Lane> lanes, int rounds, int warmup, long spreadMs, int expected,
                         long timeoutMs, boolean sampleRss, StreamRun run) {
        CountDownLatch warmedUp = new CountDownLatch(lanes.size());
        CountDownLatch done = new CountDownLatch(lanes.size());
        AtomicLong measuredStart = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            long offsetNanos = lanes.size() == 1 ? 0 : spreadMs * 1_000_000L * i / lanes.size();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int r = 0; r < warmup; r++) {
                        sleepNanos(offsetNanos);
                        stream(lane, r, expected);
                    }
                    warmedUp.countDown();
                    warmedUp.await();
                    measuredStart.compareAndSet(0, System.nanoTime());
                    sleepNanos(offsetNanos);
                    for (int r = 0; r < rounds && System.nanoTime() < deadline; r++) {
                        run.results.add(stream(lane, warmup + r, expected));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }));
        }
        Thread sampler = null;
        if (sampleRss) {
            sampler = Thread.ofVirtual().start(() -> {
                while (done.getCount() > 0) {
                    run.maxRss = Math.max(run.maxRss, Proc.rssBytes(t.pid()));
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        try {
            if (warmup > 0) {
                warmedUp.await(timeoutMs, TimeUnit.MILLISECONDS);
            }
            long cpu0 = Proc.cpuNanos(t.pid());
            long db0 = Proc.cpuNanos(dbPid);
            long self0 = Proc.cpuNanos(SELF);
            long mock0 = Proc.cpuNanos(mockPid());
            if (!done.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)) {
                log(t.name() + ": time limit reached, closing the remaining streams");
                for (Lane lane : lanes) {
                    lane.client().close();
                }
                done.await(10, TimeUnit.SECONDS);
            }
            run.wallNanos = System.nanoTime() - (measuredStart.get() == 0 ? System.nanoTime() : measuredStart.get());
            run.cpuNanos = Proc.cpuNanos(t.pid()) - cpu0;
            run.dbCpuNanos = Proc.cpuNanos(dbPid) - db0;
            run.selfCpuNanos = Proc.cpuNanos(SELF) - self0;
            run.mockCpuNanos = Proc.cpuNanos(mockPid()) - mock0;
            if (sampler != null) {
                sampler.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int missing = lanes.size() * rounds - run.results.size();
        for (int i = 0; i < missing; i++) {
            Client.Result r = new Client.Result();
            r.error = "not run: scenario time limit";
            run.results.add(r);
        }
        run.summarise();
        log(t.name() + ": " + run.results.size() + " streams, " + run.errors + " errors " + run.errorKinds
                + ", TTFT p50 " + Stats.fmtMs(run.ttft.p(50)) + " p99 " + Stats.fmtMs(run.ttft.p(99)) + " ms");
    }

    /** the mock's {connections accepted, answers given} so far */
    private long[] mockStats() {
        try (Client c = new Client(targets.get(0).base(), 5_000)) {
            Client.Result r = c.exchange("GET", "/stats", null, "application/json", null, true);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(r.body == null ? "" : r.body);
            long[] v = new long[2];
            for (int i = 0; i < 2 && m.find(); i++) {
                v[i] = Long.parseLong(m.group());
            }
            return v;
        }
    }

    private static Client.Result stream(Lane lane, int round, int expected) {
        Client.Result r = lane.client().exchange("POST", lane.paths()[round % lane.paths().length],
                "application/json", "text/event-stream", lane.body(), false);
        if (r.ok() && r.messages != expected) {
            r.error = "incomplete answer: " + r.messages + " of " + expected + " pieces";
        }
        return r;
    }

    private void streamTable(Map<Target, StreamRun> runs, boolean throughput) {
        StreamRun direct = runs.get(targets.get(0));
        List<Target> ts = new ArrayList<>(runs.keySet());
        body.append("| metric |");
        for (Target t : ts) {
            body.append(' ').append(t.name()).append(" |");
        }
        for (Target t : ts.subList(1, ts.size())) {
            body.append(' ').append(t.name()).append(" − direct |");
        }
        body.append("\n|---|").append("---|".repeat(ts.size() * 2 - 1)).append('\n');
        row(runs, ts, direct, "streams (errors)", r -> r.results.size() + " (" + r.errors + ")", null);
        row(runs, ts, direct, "time to first byte p50 (ms)", null, r -> r.ttfb.p(50));
        row(runs, ts, direct, "time to first byte p99 (ms)", null, r -> r.ttfb.p(99));
        row(runs, ts, direct, "**time to first token p50 (ms)**", null, r -> r.ttft.p(50));
        row(runs, ts, direct, "**time to first token p99 (ms)**", null, r -> r.ttft.p(99));
        row(runs, ts, direct, "time to first token max (ms)", null, r -> r.ttft.max());
        row(runs, ts, direct, "gap between events p50 (ms)", null, r -> r.gaps.p(50));
        row(runs, ts, direct, "gap between events p99 (ms)", null, r -> r.gaps.p(99));
        row(runs, ts, direct, "gap between events max (ms)", null, r -> r.gaps.max());
        row(runs, ts, direct, "total time p50 (ms)", null, r -> r.total.p(50));
        row(runs, ts, direct, "total time p99 (ms)", null, r -> r.total.p(99));
        if (throughput) {
            body.append("| streams/s |");
            for (Target t : ts) {
                body.append(' ').append(Stats.fmt(runs.get(t).streamsPerSecond())).append(" |");
            }
            for (Target t : ts.subList(1, ts.size())) {
                body.append(' ').append(Stats.fmt(100 * runs.get(t).streamsPerSecond() / direct.streamsPerSecond()))
                        .append("% of direct |");
            }
            body.append("\n| process CPU (ms) |");
            for (Target t : ts) {
                body.append(' ').append(Stats.fmtMs(runs.get(t).cpuNanos)).append(" |");
            }
            body.append(" |".repeat(ts.size() - 1)).append('\n');
            body.append("| new connections to the mock / answers |");
            for (Target t : ts) {
                StreamRun r = runs.get(t);
                body.append(' ').append(r.upstreamConnections).append(" / ").append(r.upstreamAnswers).append(" |");
            }
            body.append(" |".repeat(ts.size() - 1)).append('\n');
        }
        for (Target t : ts) {
            if (!runs.get(t).errorKinds.isEmpty()) {
                body.append("\nErrors (").append(t.name()).append("): ").append(runs.get(t).errorKinds).append('\n');
            }
        }
    }

    private void row(Map<Target, StreamRun> runs, List<Target> ts, StreamRun direct, String metric,
                     java.util.function.Function<StreamRun, String> text,
                     java.util.function.ToLongFunction<StreamRun> nanos) {
        body.append("| ").append(metric).append(" |");
        for (Target t : ts) {
            body.append(' ').append(text != null ? text.apply(runs.get(t)) : Stats.fmtMs(nanos.applyAsLong(runs.get(t))))
                    .append(" |");
        }
        for (Target t : ts.subList(1, ts.size())) {
            body.append(' ').append(nanos == null ? "" : Stats.fmt(Stats.ms(nanos.applyAsLong(runs.get(t))
                    - nanos.applyAsLong(direct)))).append(" |");
        }
        body.append('\n');
    }

    private StreamRun gatewayRun(Map<Target, StreamRun> runs) {
        return gatewayTarget == null ? null : runs.get(gatewayTarget);
    }

    private static StreamRun byName(Map<Target, StreamRun> runs, String name) {
        for (Map.Entry<Target, StreamRun> e : runs.entrySet()) {
            if (e.getKey().name().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String errorsNote(StreamRun run) {
        return run.errorKinds.isEmpty() ? "" : " " + run.errorKinds.toString().replace("|", "/");
    }

    // ---------------------------------------------------------------- CRUD scenarios

    private void b5() throws Exception {
        int clients = intOption("b5-clients", 50, 5);
        int chatsEach = intOption("b5-chats", 20, 20);
        int seconds = intOption("b5-seconds", 10, 2);
        String path = "/api/chats";
        body.append("\n## B5 — CRUD: `GET /api/chats`, ").append(clients).append(" concurrent clients\n\n");
        if (gatewayTarget != null && !setup.chatsEndpoint()) {
            path = "/api/auth/me";
            body.append("> **`GET /api/chats` does not exist on this build: the gateway column measures `GET ")
                    .append("/api/auth/me` instead (same security filter, JWT check and user lookup; no chat ")
                    .append("query).**\n\n");
        }
        body.append("Each client its own user with ").append(chatsEach).append(" chats (gateway); keep-alive; ")
                .append(seconds).append(" s measured after 1 s warm-up per target. direct/nginx answer a static ")
                .append("JSON list of about the same size from the mock: the floor of HTTP on this machine. ")
                .append("\"gateway, refused\": the same request without a session cookie, which Spring Security ")
                .append("answers 401 (Tomcat, the servlet filters, Spring Security, a small JSON error; no Camel, no ")
                .append("SQL): the least any API request costs on this stack. CPU per request: the target's process, ")
                .append("the load generator's and PostgreSQL's.\n\n")
                .append("| target | path | requests | req/s | p50 (ms) | p99 (ms) | max (ms) | errors ")
                .append("| target CPU (ms/req) | load generator CPU (ms/req) | PostgreSQL CPU (ms/req) |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Target t : targets) {
            List<Client> clientsOf = new ArrayList<>();
            String targetPath = "/crud/chats";
            if (t == gatewayTarget) {
                targetPath = path;
                List<GatewaySetup.User> users = setup.users(clients);
                if (path.equals("/api/chats")) {
                    String agent = setup.agent("bench crud", webhookBase + new Spec("json", 1, 0, 0).webhookPath());
                    setup.chats(users, agent, chatsEach);
                }
                for (GatewaySetup.User u : users) {
                    clientsOf.add(setup.client(u, 10_000));
                }
            } else {
                for (int i = 0; i < clients; i++) {
                    clientsOf.add(new Client(t.base(), 10_000));
                }
            }
            CrudRound round = crudRow(t.name(), t, targetPath, clientsOf, 1, seconds, 200);
            if (t == gatewayTarget) {
                b5Gateway = round;
                List<Client> anonymous = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    anonymous.add(new Client(t.base(), 10_000));
                }
                // the general warm-up sends no refused requests: give the JIT a few seconds on this path
                b5Refused = crudRow("gateway, refused", t, targetPath, anonymous, smoke ? 1 : 5, seconds, 401);
                String label = path.equals("/api/chats") ? "" : " (measured on /api/auth/me: no /api/chats yet)";
                double p99 = Stats.ms(round.latency().p(99));
                verdict("B5", "≥ 2,700 req/s", Stats.fmt(round.rps()) + " req/s" + label, round.rps() >= 2700);
                verdict("B5", "p99 ≤ 20 ms", Stats.fmt(p99) + " ms" + label, p99 <= 20);
                verdict("B5", "0 errors", round.errors() + " errors", round.errors() == 0);
            }
        }
    }

    /** one B5 row: {@code warmupSeconds} unrecorded, then {@code seconds} measured; closes the clients */
    private CrudRound crudRow(String label, Target t, String path, List<Client> clients, int warmupSeconds,
                              int seconds, int okStatus) throws InterruptedException {
        crud(path, clients, warmupSeconds, okStatus);
        long cpu0 = Proc.cpuNanos(t.pid());
        long self0 = Proc.cpuNanos(SELF);
        long db0 = Proc.cpuNanos(dbPid);
        long[] result = crud(path, clients, seconds, okStatus);
        double n = Math.max(1, result[0] + result[1]);
        CrudRound cost = new CrudRound(result[0] / (double) seconds, result[1],
                new Stats(Arrays.copyOfRange(result, 2, result.length), (int) result[0]),
                (Proc.cpuNanos(t.pid()) - cpu0) / 1e6 / n, (Proc.cpuNanos(SELF) - self0) / 1e6 / n,
                (Proc.cpuNanos(dbPid) - db0) / 1e6 / n);
        for (Client c : clients) {
            c.close();
        }
        Stats s = cost.latency();
        body.append("| ").append(label).append(" | `").append(path).append("` | ").append(result[0])
                .append(" | ").append(Stats.fmt(cost.rps())).append(" | ").append(Stats.fmtMs(s.p(50))).append(" | ")
                .append(Stats.fmtMs(s.p(99))).append(" | ").append(Stats.fmtMs(s.max())).append(" | ")
                .append(result[1]).append(" | ").append(Stats.fmt(cost.targetMs())).append(" | ")
                .append(Stats.fmt(cost.selfMs())).append(" | ").append(Stats.fmt(cost.dbMs())).append(" |\n");
        return cost;
    }

    /** [0] = requests answered with {@code okStatus}, [1] = errors, [2..] = latencies of the ok requests (ns) */
    private long[] crud(String path, List<Client> clients, int seconds, int okStatus) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ConcurrentLinkedQueue<long[]> perClient = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (Client c : clients) {
            threads.add(Thread.ofVirtual().start(() -> {
                long[] lat = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    Client.Result r = c.exchange("GET", path, null, "application/json", null, false);
                    if (okStatus == 200 ? !r.ok() : r.status != okStatus) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = r.total;
                }
                perClient.add(Arrays.copyOf(lat, n));
            }));
        }
        for (Thread thread : threads) {
            thread.join(seconds * 1000L + 15_000);
        }
        int total = perClient.stream().mapToInt(a -> a.length).sum();
        long[] out = new long[total + 2];
        out[0] = total;
        out[1] = errors.get();
        int at = 2;
        for (long[] a : perClient) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    private void b6() throws Exception {
        body.append("\n## B6 — chat size: append latency and listing\n\n");
        if (gatewayTarget == null || !gatewayStreams()) {
            body.append("Not measured: ").append(gatewayMissing()).append(".\n");
            verdict("B6", "append(1,000) ≤ 3× append(10); list unaffected", gatewayMissing(), null);
            return;
        }
        if (setup.psql() == null) {
            body.append("Not measured: needs psql (BENCH_PSQL) to fill chats.\n");
            verdict("B6", "append(1,000) ≤ 3× append(10); list unaffected", "no psql", null);
            return;
        }
        int[] sizes = {10, 1000, 5000};
        int sends = intOption("b6-sends", 20, 3);
        int lists = intOption("b6-lists", 200, 20);
        Spec spec = new Spec("json", 1, 0, 0);
        String agent = agentFor(spec);
        body.append("A send (`POST …/messages`, SSE, until `done`) into a chat that already holds N messages, the ")
                .append("mock answering at once (").append(spec).append("); each of the ").append(sends)
                .append(" sends goes to its own chat filled to exactly N by SQL, so N does not grow. The list is ")
                .append("`GET /api/chats` (").append(lists).append("× sequential) by a user whose ").append(sends)
                .append(" chats all hold N messages. Messages in the fill look like ")
                .append("`{\"id\",\"role\",\"content\",\"timestamp\"}` with about 80 characters of text.\n\n")
                .append("| messages in chat | send p50 (ms) | send p99 (ms) | list p50 (ms) | list p99 (ms) | errors |\n")
                .append("|---|---|---|---|---|---|\n");
        boolean listable = setup.chatsEndpoint();
        if (!listable) {
            body.append("> `GET /api/chats` does not exist on this build: the list columns are not measured.\n\n");
        }
        Map<Integer, long[]> p50s = new HashMap<>();
        int sendErrors = 0;
        List<GatewaySetup.User> users = setup.users(Math.max(3, setup.users(1).size()) + 3);
        int u = users.size() - 3;
        for (int size : sizes) {
            GatewaySetup.User user = users.get(u++);
            List<String> chats = setup.chats(List.of(user), agent, sends).get(0);
            setup.psql().query("UPDATE chats SET messages = (SELECT jsonb_agg(jsonb_build_object('id', "
                    + "gen_random_uuid()::text, 'role', CASE WHEN g % 2 = 1 THEN 'user' ELSE 'assistant' END, 'content', 'Bench message ' || g || ' with an "
                    + "ordinary amount of text, roughly what a short chat turn holds.', 'timestamp', "
                    + "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')) ORDER BY g) FROM "
                    + "generate_series(1, " + size + ") g), message_count = " + size + " WHERE id IN ('"
                    + String.join("','", chats) + "')");
            long[] send = new long[sends];
            long[] list = new long[listable ? lists : 0];
            int errors = 0;
            try (Client c = setup.client(user, 60_000)) {
                c.exchange("GET", "/api/chats", null, "application/json", null, false);
                for (int i = 0; i < sends; i++) {
                    Client.Result r = c.exchange("POST", "/api/chats/" + chats.get(i) + "/messages",
                            "application/json", "text/event-stream", "{\"content\":\"Hello bench\"}", false);
                    errors += r.ok() ? 0 : 1;
                    sendErrors += r.ok() ? 0 : 1;
                    send[i] = r.total;
                }
                for (int i = 0; i < list.length; i++) {
                    Client.Result r = c.exchange("GET", "/api/chats", null, "application/json", null, false);
                    errors += r.ok() ? 0 : 1;
                    list[i] = r.total;
                }
            }
            Stats s = new Stats(send, sends);
            Stats l = new Stats(list, list.length);
            p50s.put(size, new long[] {s.p(50), l.p(50)});
            body.append("| ").append(size).append(" | ").append(Stats.fmtMs(s.p(50))).append(" | ")
                    .append(Stats.fmtMs(s.p(99))).append(" | ").append(Stats.fmtMs(l.p(50))).append(" | ")
                    .append(Stats.fmtMs(l.p(99))).append(" | ").append(errors).append(" |\n");
        }
        double sendRatio = (double) p50s.get(1000)[0] / p50s.get(10)[0];
        double listRatio = (double) p50s.get(5000)[1] / p50s.get(10)[1];
        verdict("B6", "send p50 at 1,000 ≤ 3× at 10", Stats.fmt(sendRatio) + "×" + (sendErrors > 0 ? ", "
                + sendErrors + " errors" : ""), sendRatio <= 3 && sendErrors == 0);
        verdict("B6", "list p50 with 5,000-message chats ≤ 1.25× with 10 (\"unaffected\")",
                listable ? Stats.fmt(listRatio) + "×" : "no GET /api/chats on this build",
                listable ? listRatio <= 1.25 : null);
    }

    private void b7() {
        body.append("\n## B7 — start-up to ready\n\n");
        String cold = options.get("startup-cold-ms");
        String warm = options.get("startup-warm-ms");
        if (warm == null) {
            body.append("Not measured (run.sh measures it when it starts the service).\n");
            verdict("B7", "≤ 3 s to ready (external database)", "not measured", null);
            return;
        }
        body.append("Wall time from `java -jar` to the first 200 from `/actuator/health/readiness` (polled every ")
                .append("50 ms), external PostgreSQL on loopback. First start: empty database (Flyway migrates). ")
                .append("Second start: the same database, already migrated — what a restart or a new replica ")
                .append("sees; this is the one judged. CPU = the gateway process's user+sys time when it was ready: ")
                .append("divided by the cores, the least wall time that start-up work can take on this machine.\n\n")
                .append("| start | ready after (ms) | CPU until ready (ms) | Spring's own figure |\n")
                .append("|---|---|---|---|\n| first (migrations) | ").append(cold).append(" | ")
                .append(options.getOrDefault("startup-cold-cpu-ms", "—")).append(" | ")
                .append(options.getOrDefault("startup-cold-log", "")).append(" |\n| second | ").append(warm)
                .append(" | ").append(options.getOrDefault("startup-warm-cpu-ms", "—")).append(" | ")
                .append(options.getOrDefault("startup-warm-log", "")).append(" |\n");
        verdict("B7", "≤ 3 s to ready (external database)", warm + " ms", Long.parseLong(warm) <= 3000);
    }

    // ---------------------------------------------------------------- report

    private void verdict(String id, String target, String measured, Boolean met) {
        verdicts.add("| " + id + " | " + target + " | " + measured + " | "
                + (met == null ? "not measured" : met ? "**met**" : "**missed**") + " |");
        if (met != null && !met && smoke) {
            log("(smoke: targets are not judged) " + id + " " + target + ": " + measured);
        }
    }

    private void write() throws IOException {
        String out = options.get("out");
        StringBuilder md = new StringBuilder();
        md.append("# Chat Gateway benchmark — ").append(smoke ? "smoke" : "full").append(" run\n\n")
                .append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append("\n- machine: ").append(options.getOrDefault("machine", "?"))
                .append("\n- **the load generator, the mock n8n, nginx, PostgreSQL and the gateway all share these ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores**; absolute figures are this ")
                .append("machine's, the ratios against the direct baseline of the same run are what counts")
                .append("\n- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (load generator, mock and gateway)")
                .append("\n- gateway: ").append(options.getOrDefault("gateway-info", "—"))
                .append("\n- nginx: ").append(options.getOrDefault("nginx-info", "—"))
                .append("\n- database: ").append(options.getOrDefault("db-info", "—"))
                .append("\n- load average (1/5/15 min) at start: ").append(loadAtStart).append(", at end: ")
                .append(loadAverage()).append(loadWarning())
                .append("\n- git: ").append(options.getOrDefault("git", "?"))
                .append("\n- bench options: `").append(options.entrySet().stream()
                        .filter(e -> !e.getKey().endsWith("-log") && !e.getKey().endsWith("-info")
                                && !e.getKey().equals("machine"))
                        .map(e -> "--" + e.getKey() + (e.getValue().isEmpty() ? "" : "=" + e.getValue()))
                        .reduce((a, b) -> a + " " + b).orElse("")).append("`\n")
                .append("- load generator: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .append("\n\n## Targets\n\n| id | target | measured (gateway) | result |\n|---|---|---|---|\n");
        for (String v : verdicts) {
            md.append(v).append('\n');
        }
        if (!budget.outOfReach().isEmpty()) {
            md.append("\nOut of reach on this machine whatever the gateway does (the CPU the other processes need ")
                    .append("leaves less than the cheapest comparable work costs; \"What this machine allows\"): ")
                    .append(String.join(", ", budget.outOfReach())).append(".\n");
        }
        if (smoke) {
            md.append("\nSmoke run: tiny loads to check that the bench works; the targets are not judged by it.\n");
        }
        md.append(body);
        if (out == null) {
            System.out.println(md);
        } else {
            Files.createDirectories(Path.of(out).toAbsolutePath().getParent());
            Files.writeString(Path.of(out), md);
            log("report written to " + out);
        }
    }

    // ---------------------------------------------------------------- helpers

    private final String loadAtStart = loadAverage();

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** other work on the machine makes every figure slower and noisier: say so in the report */
    private String loadWarning() {
        double start = Double.parseDouble(loadAtStart.split(" ")[0].replace("?", "0"));
        return start > 1.0 ? " — **the machine was busy with other work when the run started: absolute figures "
                + "are inflated and noisy; compare ratios within this run only**" : "";
    }

    private static void close(List<Lane> lanes) {
        for (Lane lane : lanes) {
            lane.client().close();
        }
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    static void log(String message) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
