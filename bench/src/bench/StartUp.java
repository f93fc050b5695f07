package bench;

/**
 * B7: from {@code java} to ready, timed by run.sh when it starts the gateway (first start on an empty database,
 * second on a migrated one: what a restart or a new replica sees, C8). Taken before any load, so a later death
 * does not void it.
 */
final class StartUp extends Scenario {

    StartUp(Context context) {
        super(context, "B7");
    }

    @Override
    void run() {
        body.append("\n## B7 — start-up to ready\n\n");
        String cold = options.get("startup-cold-ms");
        String warm = options.get("startup-warm-ms");
        if (warm == null) {
            body.append("Second start not measured (run.sh times it in a full run, when it restarts the service)")
                    .append(cold == null ? "" : "; first start (migrations) " + cold + " ms").append(".\n");
            cost("C8", "second start not measured" + (cold == null ? "" : "; first " + cold + " ms"), null);
            return;
        }
        body.append("Wall time from `java -jar` to the first 200 from `/actuator/health/readiness` (polled every ")
                .append("50 ms), external PostgreSQL on loopback. First start: empty database (Flyway migrates). ")
                .append("Second start: the same database, already migrated — what a restart or a new replica ")
                .append("sees; this is the one judged. CPU = the gateway process's user+sys time when it was ready: ")
                .append("divided by the cores, the least wall time that start-up work can take on this machine.\n\n")
                .append("| start | ready after (ms) | CPU until ready (ms) | Spring's own figure |\n")
                .append("|---|---|---|---|\n| first (migrations) | ").append(cold).append(" | ")
                .append(options.get("startup-cold-cpu-ms", "—")).append(" | ")
                .append(options.get("startup-cold-log", "")).append(" |\n| second | ").append(warm)
                .append(" | ").append(options.get("startup-warm-cpu-ms", "—")).append(" | ")
                .append(options.get("startup-warm-log", "")).append(" |\n");
        cost("C8", warm + " ms (CPU " + options.get("startup-warm-cpu-ms", "—") + " ms; first start " + cold + " ms)",
                Long.parseLong(warm) <= 3000);
    }
}
