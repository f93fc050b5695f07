package bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Markdown report: a header (machine, versions, options, load), the verdict tables, then each scenario's
 * own section. A target is met only on data: a verdict without data says "not measured", and every verdict of
 * a scenario during or after which the gateway died says "invalid".
 */
final class Report {

    /**
     * One judged target. {@code deathIsData}: the verdict is about surviving (a death is its measurement, a
     * "missed" stays), all others become invalid when the gateway died.
     */
    record Verdict(String scenario, String id, String target, String measured, Boolean met, boolean deathIsData) {
    }

    /** what a report says before the scenarios' sections: "met" only with data */
    static Boolean judged(boolean hasData, boolean ok) {
        return hasData ? ok : null;
    }

    final StringBuilder body = new StringBuilder();
    private final Options options;
    private final Set<String> scenarios;
    private final Budget budget;
    private final List<Verdict> verdicts = new CopyOnWriteArrayList<>();
    /** scenario id → why its figures do not count */
    private final Map<String, String> invalid = new ConcurrentHashMap<>();
    private final String loadAtStart = loadAverage();
    private volatile String death;
    private volatile String diedDuring;

    Report(Options options, Set<String> scenarios, Budget budget) {
        this.options = options;
        this.scenarios = scenarios;
        this.budget = budget;
    }

    void verdict(String scenario, String id, String target, String measured, Boolean met) {
        verdicts.add(new Verdict(scenario, id, target, measured, met, false));
        if (met != null && !met && options.smoke()) {
            Bench.log("(smoke: targets are not judged) " + id + " " + target + ": " + measured);
        }
    }

    /** a verdict that a death does not void: it is about staying alive */
    void survivalVerdict(String scenario, String id, String target, String measured, Boolean met) {
        verdicts.add(new Verdict(scenario, id, target, measured, met, true));
    }

    /** one of issue 17's targets ({@link CostTargets}), measured in {@code scenario} */
    void cost(String id, String scenario, String now, Boolean met) {
        verdicts.add(new Verdict(scenario, id, CostTargets.get(id).target(), now, met, id.equals("C6")));
    }

    /** the gateway died during {@code scenario}: its figures and those of every later scenario do not count */
    void died(String scenario, String why) {
        if (death == null) {
            death = why;
            diedDuring = scenario;
        }
        invalid.put(scenario, "the gateway died during " + scenario);
    }

    void notRun(String scenario) {
        invalid.put(scenario, "not run: the gateway died during " + diedDuring);
        body.append("\n## ").append(scenario).append(" — not run: the gateway died during ").append(diedDuring)
                .append("\n");
    }

    Budget budget() {
        return budget;
    }

    boolean gatewayDied() {
        return death != null;
    }

    private String result(Verdict v) {
        String why = invalid.get(v.scenario());
        if (why != null && !(v.deathIsData() && Boolean.FALSE.equals(v.met()))) {
            return "**invalid** (" + why + ")";
        }
        return v.met() == null ? "not measured" : v.met() ? "**met**" : "**missed**";
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Chat Gateway benchmark — ").append(options.smoke() ? "smoke" : "full").append(" run\n\n");
        if (death != null) {
            md.append("> **The gateway died during ").append(diedDuring).append(" (").append(death).append("). ")
                    .append(diedDuring).append(" and every later scenario are invalid: their figures and targets ")
                    .append("do not count.**\n\n");
        }
        md.append("- date: ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append("\n- machine: ").append(options.get("machine", "?"))
                .append("\n- **the load generator, the mock n8n, nginx, PostgreSQL and the gateway all share these ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores**; absolute figures are this ")
                .append("machine's, the ratios against the direct baseline of the same run are what counts")
                .append("\n- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (load generator, mock and gateway)")
                .append("\n- gateway: ").append(options.get("gateway-info", "—"))
                .append("\n- nginx: ").append(options.get("nginx-info", "—"))
                .append("\n- database: ").append(options.get("db-info", "—"))
                .append("\n- load average (1/5/15 min) at start: ").append(loadAtStart).append(", at end: ")
                .append(loadAverage()).append(loadWarning())
                .append("\n- git: ").append(options.get("git", "?"))
                .append("\n- bench options: `").append(options.commandLine()).append("`\n")
                .append("- load generator: ").append(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .append("\n\n## Issue 17's targets\n\n| id | what | now | target | met? |\n|---|---|---|---|---|\n");
        for (CostTargets.CostTarget c : CostTargets.ALL) {
            Verdict v = verdicts.stream().filter(x -> x.id().equals(c.id())).findFirst().orElse(null);
            md.append("| ").append(c.id()).append(" | ").append(c.what()).append(" | ");
            if (v != null) {
                md.append(v.measured()).append(" | ").append(c.target()).append(" | ").append(result(v));
            } else if (invalid.containsKey(c.scenario())) {
                md.append("— | ").append(c.target()).append(" | **invalid** (").append(invalid.get(c.scenario()))
                        .append(")");
            } else {
                md.append("— | ").append(c.target()).append(" | not measured (")
                        .append(scenarios.contains(c.scenario()) ? c.scenario() + " had no data for it"
                                : c.scenario() + " not in this run").append(")");
            }
            md.append(" |\n");
        }
        md.append("\n## Other targets\n\n| id | target | measured (gateway) | result |\n|---|---|---|---|\n");
        for (Verdict v : verdicts) {
            if (!v.id().startsWith("C")) {
                md.append("| ").append(v.id()).append(" | ").append(v.target()).append(" | ").append(v.measured())
                        .append(" | ").append(result(v)).append(" |\n");
            }
        }
        for (String scenario : scenarios) {
            if (invalid.containsKey(scenario) && verdicts.stream().noneMatch(v -> v.scenario().equals(scenario))) {
                md.append("| ").append(scenario).append(" | its targets | — | **invalid** (")
                        .append(invalid.get(scenario)).append(") |\n");
            }
        }
        if (!budget.outOfReach().isEmpty()) {
            md.append("\nOut of reach on this machine whatever the gateway does (the CPU the other processes need ")
                    .append("leaves less than the cheapest comparable work costs; \"What this machine allows\"): ")
                    .append(String.join(", ", budget.outOfReach())).append(".\n");
        }
        if (options.smoke()) {
            md.append("\nSmoke run: tiny loads to check that the bench works; the targets are not judged by it.\n");
        }
        md.append(body);
        return md.toString();
    }

    void write() throws IOException {
        String out = options.get("out");
        String md = markdown();
        if (out == null) {
            System.out.println(md);
        } else {
            Files.createDirectories(Path.of(out).toAbsolutePath().getParent());
            Files.writeString(Path.of(out), md);
            Bench.log("report written to " + out);
        }
    }

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
}
