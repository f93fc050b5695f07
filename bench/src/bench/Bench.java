package bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the scenarios against three targets — the mock n8n directly, nginx in front of it, and the gateway
 * relaying it — and writes a Markdown report. Started by bench/run.sh, which owns the processes. After each
 * scenario the gateway is checked (process, port, OutOfMemoryError in its log); once it has died, that scenario
 * and every later one are invalid, the rest are not run, and the exit status is {@value #DIED}.
 */
public final class Bench {

    /** the gateway died during the run */
    static final int DIED = 4;
    /** a scenario failed or the run hit its time limit */
    static final int FAILED = 1;

    /** start-up first (run.sh measured it before any load); the scenarios that may kill the gateway last */
    private static final String ALL = "B7,B1,B2,B4,B5,B6,B8,B11,B10,B9,B3";

    private final Scenario.Context context;
    private final Set<String> scenarios;
    private volatile boolean failed;

    private Bench(Scenario.Context context, Set<String> scenarios) {
        this.context = context;
        this.scenarios = scenarios;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Set<String> scenarios = new LinkedHashSet<>(Arrays.asList(options.get("scenarios", ALL).split(",")));
        Budget budget = new Budget(Runtime.getRuntime().availableProcessors());
        Report report = new Report(options, scenarios, budget);
        Scenario.Context context = new Scenario.Context(options, new Stack(options, report), report, new Results());
        Bench bench = new Bench(context, scenarios);
        long limitSeconds = Long.parseLong(options.get("max-seconds", "540"));
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(limitSeconds * 1000);
                report.body.append("\n**Run stopped by its own time limit (").append(limitSeconds).append(" s).**\n");
                report.write();
                Runtime.getRuntime().halt(FAILED + 2);
            } catch (InterruptedException | IOException e) {
                // finished in time
            }
        });
        // a run stopped from outside (SIGTERM) still leaves the figures measured so far
        Thread partial = new Thread(() -> {
            try {
                report.body.append("\n**Run stopped from outside before it finished.**\n");
                report.write();
            } catch (IOException e) {
                // nothing more to do while the JVM exits
            }
        });
        Runtime.getRuntime().addShutdownHook(partial);
        bench.run();
        watchdog.interrupt();
        Runtime.getRuntime().removeShutdownHook(partial);
        report.write();
        if (report.gatewayDied()) {
            log("the gateway died: the report marks the scenarios from then on invalid");
        }
        System.exit(report.gatewayDied() ? DIED : bench.failed ? FAILED : 0);
    }

    private void run() {
        Stack stack = context.stack();
        Report report = context.report();
        List<Scenario> planned = scenarios.stream().map(id -> scenario(id.trim())).toList();
        if (stack.setup != null) {
            stack.setup.registerAdmin();
            log("gateway: admin and first user registered");
        }
        attempt(new WarmUp(context));
        for (Scenario scenario : planned) {
            // start-up was timed before any load: a later death does not touch it
            if (report.gatewayDied() && !(scenario instanceof StartUp)) {
                report.notRun(scenario.id());
                continue;
            }
            attempt(scenario);
        }
        if (stack.gateway != null && !context.options().smoke()) {
            report.budget().compute(context.results());
            report.body.append(report.budget().markdown());
        }
    }

    /** runs one scenario, then checks that the gateway survived it */
    private void attempt(Scenario scenario) {
        Report report = context.report();
        long start = System.nanoTime();
        log("== " + scenario.id());
        try {
            PersistenceCost writes = scenario instanceof ConcurrentStreams ? PersistenceCost.around(context) : null;
            scenario.run();
            if (writes != null) {
                writes.aroundEnd(scenario.id());
            }
        } catch (Exception e) {
            failed = true;
            report.body.append("\n**").append(scenario.id()).append(" failed:** `").append(e).append("`\n");
            e.printStackTrace();
        }
        GatewayWatch watch = context.stack().watch;
        String death = watch == null || scenario instanceof StartUp ? null : watch.check();
        GatewayWatch watchB = context.stack().watchB;
        if (death == null && watchB != null && !(scenario instanceof StartUp)) {
            String deathB = watchB.check();
            death = deathB == null ? null : "the second instance (B10's gateway B): " + deathB;
        }
        if (death != null && !report.gatewayDied()) {
            log("the gateway died during " + scenario.id() + ": " + death);
            report.died(scenario.id(), death);
            context.results().forgetGateway(scenario.id());
        }
        log(scenario.id() + " took " + (System.nanoTime() - start) / 1_000_000_000 + " s");
    }

    private Scenario scenario(String id) {
        return switch (id) {
            case "B1" -> new OneStreamAtATime(context);
            case "B2" -> new ConcurrentStreams(context);
            case "B3" -> new OpenStreams(context);
            case "B4" -> new CpuPerPiece(context);
            case "B5" -> new ChatList(context);
            case "B6" -> new ChatSize(context);
            case "B7" -> new StartUp(context);
            case "B8" -> new HashingFlood(context);
            case "B9" -> new GenerationLimit(context);
            case "B10" -> new StopLatency(context);
            case "B11" -> new PersistenceCost(context);
            default -> throw new IllegalArgumentException("unknown scenario " + id + " (B1…B11)");
        };
    }

    static void log(String message) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }
}
