package bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * B8 (issue 16.1): signed-in users' time to first token while anonymous clients make the gateway hash
 * passwords — registering, or logging in with wrong passwords, in a loop. bcrypt is CPU-heavy; it must not
 * starve the streams (goal: at most 2× slower). The gateway may answer the flood with 429 or 503: counted.
 */
final class HashingFlood extends Scenario {

    private enum Flood {
        NONE("no flood"), REGISTER("register flood"), LOGIN("wrong-password login flood");

        final String label;

        Flood(String label) {
            this.label = label;
        }
    }

    /** one phase: the streams' figures, the flood's answers by status, the gateway's cores */
    private record Phase(StreamRun streams, Map<Integer, Long> floodAnswers, long floodRequests, double cores) {
    }

    private final AtomicLong registrations = new AtomicLong();

    HashingFlood(Context context) {
        super(context, "B8");
    }

    @Override
    void run() throws Exception {
        body.append("\n## B8 — time to first token under a password-hashing flood\n\n");
        if (!gatewayRelays("TTFT p50 under a hashing flood ≤ 2× without")) {
            return;
        }
        int clients = option("b8-clients", 4, 2);
        int flooders = option("b8-flood-clients", 4, 4);
        int seconds = option("b8-seconds", 10, 2);
        StreamSpec spec = new StreamSpec("ndjson", 5, 20, 0);
        body.append(clients).append(" signed-in clients stream ").append(spec).append(" back to back for ")
                .append(seconds).append(" s per phase: without a flood, then while ").append(flooders)
                .append(" anonymous clients loop on `POST /api/auth/register` (a new team each time), then while ")
                .append("they loop on `POST /api/auth/login` with a wrong password for an existing account. Each ")
                .append("phase waits for the flood's last requests to end before the next. The bench's ")
                .append("LOGIN_RATE_LIMIT_PER_MINUTE is very high, so the login flood reaches the hashing unless the ")
                .append("gateway refuses it otherwise.\n\n")
                .append("| phase | streams (errors) | TTFT p50 (ms) | TTFT p99 (ms) | TTFT max (ms) | flood requests ")
                .append("| flood answers by status | gateway cores |\n|---|---|---|---|---|---|---|---|\n");
        List<Lane> lanes = stack.lanes(stack.gateway, spec, clients, 1);
        Map<Flood, Phase> phases = new EnumMap<>(Flood.class);
        for (Flood flood : Flood.values()) {
            Phase p = phase(flood, lanes, flooders, seconds, spec.tokens());
            phases.put(flood, p);
            StreamRun s = p.streams();
            body.append("| ").append(flood.label).append(" | ").append(s.results.size()).append(" (").append(s.errors)
                    .append(") | ").append(Stats.fmtMs(s.ttft.p(50))).append(" | ").append(Stats.fmtMs(s.ttft.p(99)))
                    .append(" | ").append(Stats.fmtMs(s.ttft.max())).append(" | ").append(p.floodRequests())
                    .append(flood == Flood.NONE ? "" : " (" + Stats.fmt(p.floodRequests() / (double) seconds) + "/s)")
                    .append(" | ").append(flood == Flood.NONE ? "—" : p.floodAnswers().toString().replace("=", ": "))
                    .append(" | ").append(Stats.fmt(p.cores())).append(" |\n");
            if (!s.errorKinds.isEmpty()) {
                body.append("\nErrors (").append(flood.label).append("): ").append(s.errorKinds).append("\n\n");
            }
        }
        Lane.closeAll(lanes);
        StreamRun quiet = phases.get(Flood.NONE).streams();
        for (Flood flood : List.of(Flood.REGISTER, Flood.LOGIN)) {
            Phase p = phases.get(flood);
            StreamRun s = p.streams();
            boolean data = quiet.ttft.count() > 0 && s.ttft.count() > 0;
            double ratio = (double) s.ttft.p(50) / quiet.ttft.p(50);
            long refused = p.floodAnswers().getOrDefault(429, 0L) + p.floodAnswers().getOrDefault(503, 0L);
            verdict("TTFT p50 under a " + flood.label + " ≤ 2× without", data ? Stats.fmtMs(s.ttft.p(50)) + " vs "
                    + Stats.fmtMs(quiet.ttft.p(50)) + " ms (" + Stats.fmt(ratio) + "×); " + refused + " of "
                    + p.floodRequests() + " flood requests answered 429/503" : "no completed streams",
                    Report.judged(data, ratio <= 2));
        }
        verdict("0 stream errors under the floods", (phases.get(Flood.REGISTER).streams().errors
                        + phases.get(Flood.LOGIN).streams().errors) + " errors",
                phases.get(Flood.REGISTER).streams().errors + phases.get(Flood.LOGIN).streams().errors == 0);
    }

    private Phase phase(Flood flood, List<Lane> lanes, int flooders, int seconds, int tokens)
            throws InterruptedException {
        StreamRun run = new StreamRun();
        Map<Integer, Long> answers = new TreeMap<>();
        AtomicLong requests = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long cpu0 = Proc.cpuNanos(stack.gateway.pid());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; flood != Flood.NONE && i < flooders; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (Client c = new Client(stack.gateway.base(), 60_000)) {
                    while (System.nanoTime() < end) {
                        Client.Result r = c.exchange("POST", flood == Flood.REGISTER ? "/api/auth/register"
                                : "/api/auth/login", "application/json", "application/json", floodBody(flood), true);
                        requests.incrementAndGet();
                        synchronized (answers) {
                            answers.merge(r.status, 1L, Long::sum);
                        }
                    }
                }
            }));
        }
        for (Lane lane : lanes) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int r = 0; System.nanoTime() < end; r++) {
                    run.results.add(lane.stream(r, tokens));
                }
            }));
        }
        for (Thread t : threads) {
            t.join(seconds * 1000L + 70_000);
        }
        run.wallNanos = System.nanoTime() - start;
        double cores = (Proc.cpuNanos(stack.gateway.pid()) - cpu0) / (double) run.wallNanos;
        run.summarise();
        Bench.log(flood.label + ": " + run.results.size() + " streams, TTFT p50 " + Stats.fmtMs(run.ttft.p(50))
                + " ms; flood " + requests + " requests " + answers);
        return new Phase(run, answers, requests.get(), cores);
    }

    private String floodBody(Flood flood) {
        if (flood == Flood.REGISTER) {
            long n = registrations.incrementAndGet();
            return "{\"email\":\"flood-" + n + "-" + stack.setup.runId() + "@bench.local\",\"password\":\""
                    + GatewaySetup.PASSWORD + "\",\"team_name\":\"Flood " + n + "\"}";
        }
        return "{\"email\":\"" + stack.setup.invitedEmail() + "\",\"password\":\"wrong-password-1\"}";
    }
}
