package bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * B11 (issue 13, "Cost budget"): what the generations path writes to PostgreSQL. PostgreSQL's own counters
 * (rows inserted / updated / deleted per table from {@code pg_stat_user_tables}, transactions from
 * {@code pg_stat_database}, WAL records and bytes from {@code pg_stat_wal}) are read through psql (BENCH_PSQL)
 * before and after two phases, once they have settled (a backend reports its counters up to ~10 s late):
 * <ol>
 * <li>short answers (1 piece), one after another in 10 lanes: what a generation's start and end cost;</li>
 * <li>many long answers at once (200 pieces × 50 ms = 10 s): the rest, divided by the generation-seconds that
 * PostgreSQL itself recorded ({@code finished_at − created_at} of the phase's generations), is what a running
 * generation costs per second.</li>
 * </ol>
 * Issue 13's budget: about one write per running generation per second, plus its start and end. The counters are
 * the whole database's: the replicas' background work (the reaper, the second instance when B10 runs) and the
 * bench's own psql calls are in them (a handful of transactions; shown by the idle row).
 */
final class PersistenceCost extends Scenario {

    private static final String[] TABLES = {"generations", "generation_chunks", "chats", "generation_usage",
            "usage_months"};

    /** the database's counters at one moment */
    private record Counters(Map<String, long[]> tables, long commits, long walRecords, long walBytes, long at) {

        Counters minus(Counters earlier) {
            Map<String, long[]> t = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : tables.entrySet()) {
                long[] before = earlier.tables.getOrDefault(e.getKey(), new long[3]);
                long[] now = e.getValue();
                t.put(e.getKey(), new long[] {now[0] - before[0], now[1] - before[1], now[2] - before[2]});
            }
            return new Counters(t, commits - earlier.commits, walRecords - earlier.walRecords,
                    walBytes - earlier.walBytes, at - earlier.at);
        }

        double seconds() {
            return at / 1e9;
        }

        long rows() {
            return tables.values().stream().mapToLong(v -> v[0] + v[1] + v[2]).sum();
        }

        long rows(String table) {
            long[] v = tables.get(table);
            return v == null ? 0 : v[0] + v[1] + v[2];
        }
    }

    /** generations started since a moment: how many, how many still running, their seconds in total */
    private record Generations(long count, long running, double seconds) {
    }

    private GatewaySetup.Psql psql;
    private Counters aroundStart;
    private String aroundFrom;

    PersistenceCost(Context context) {
        super(context, "B11");
    }

    /**
     * The same counters around another scenario (B2: its 500 concurrent streams): started before it, reported by
     * {@link #aroundEnd}. Null in a smoke run (the waits) or without psql.
     */
    static PersistenceCost around(Context context) throws InterruptedException {
        if (context.options().smoke() || context.stack().setup == null || context.stack().setup.psql() == null) {
            return null;
        }
        PersistenceCost p = new PersistenceCost(context);
        p.psql = context.stack().setup.psql();
        p.aroundStart = p.settled();
        p.aroundFrom = p.now();
        return p;
    }

    /** appends what the scenario wrote on the generations path, per generation */
    void aroundEnd(String scenario) throws InterruptedException {
        Counters c = settled().minus(aroundStart);
        Generations g = generations(aroundFrom);
        if (g.count() == 0) {
            return;
        }
        long path = c.rows() - c.rows("other tables") - c.tables().get("chats")[0];
        body.append("\n**").append(scenario).append("'s writes** (B11's counters, read after ")
                .append(option("b11-settle-ms", 11_000, 11_000) / 1000).append(" s quiet before and after): ")
                .append(g.count()).append(" generations, ").append(Stats.fmt(g.seconds()))
                .append(" generation-seconds; rows written on the generations path (")
                .append(String.join(", ", TABLES)).append("; chats updated only: the set-up inserts chats) ")
                .append(path).append(" = ").append(Stats.fmt(path / (double) g.count())).append(" per generation (")
                .append(Stats.fmt(path / g.seconds())).append(" per generation-second, start and end included); ");
        List<String> parts = new ArrayList<>();
        for (String table : TABLES) {
            long[] v = c.tables().get(table);
            if (v != null) {
                parts.add("`" + table + "` " + v[0] + "+" + v[1] + "+" + v[2]);
            }
        }
        body.append(String.join(", ", parts)).append(" (ins+upd+del); ").append(c.commits())
                .append(" transactions in all (set-up and reads included), WAL ")
                .append(Stats.fmt(c.walBytes() / (double) g.count())).append(" bytes per generation.\n");
    }

    @Override
    void run() throws Exception {
        body.append("\n## B11 — database writes per generation (issue 13)\n\n");
        String target = "≤ ~1 write per running generation per second, plus its start and end";
        if (!gatewayRelays(target)) {
            return;
        }
        psql = stack.setup.psql();
        if (psql == null) {
            body.append("Not measured: no psql (BENCH_PSQL), the counters are PostgreSQL's.\n");
            verdict(target, "not measured (no psql)", null);
            return;
        }
        int shortSends = option("b11-short", 100, 10);
        int streams = option("b11-streams", 200, 10);
        StreamSpec shortSpec = new StreamSpec("ndjson", 1, 1, 0);
        StreamSpec longSpec = new StreamSpec("ndjson", option("b11-tokens", 200, 40), option("b11-delay", 50, 50), 0);
        int lanesShort = Math.min(10, shortSends);
        int perLane = Math.max(1, shortSends / lanesShort);
        List<Lane> shortLanes = stack.lanes(stack.gateway, shortSpec, lanesShort, perLane);
        List<Lane> longLanes = stack.lanes(stack.gateway, longSpec, streams, 1);

        Counters idleStart = settled();
        Counters start = settled();
        Counters idle = start.minus(idleStart);
        double idleSeconds = idle.seconds();

        String shortFrom = now();
        StreamRun shortRun = load.measure(stack.gateway, shortLanes, perLane, 0, 0, 1, 120_000, false);
        Counters afterShort = settled();
        Generations shortGens = generations(shortFrom);
        Counters shortCost = afterShort.minus(start);

        String longFrom = now();
        long longStart = System.nanoTime();
        StreamRun longRun = load.measure(stack.gateway, longLanes, 1, 0, 1_000, longSpec.tokens(),
                longSpec.answerMillis() + 60_000, false);
        double longWall = (System.nanoTime() - longStart) / 1e9;
        Counters afterLong = settled();
        Generations longGens = generations(longFrom);
        Counters longCost = afterLong.minus(afterShort);
        Lane.closeAll(shortLanes);
        Lane.closeAll(longLanes);

        double g1 = Math.max(1, shortGens.count());
        double g2 = longGens.count();
        double s2 = longGens.seconds();
        // each phase less what the idle database did in as much time (background work, the bench's psql)
        double idleCommits = idle.commits() / idleSeconds;
        double idleRows = idle.rows() / idleSeconds;
        double idleWal = idle.walBytes() / idleSeconds;
        double shortCommits = (shortCost.commits() - idleCommits * shortCost.seconds()) / g1;
        double shortRows = (shortCost.rows() - idleRows * shortCost.seconds()) / g1;
        double shortWal = (shortCost.walBytes() - idleWal * shortCost.seconds()) / g1;
        // what the long phase wrote beyond its generations' starts and ends
        double longCommits = longCost.commits() - idleCommits * longCost.seconds() - g2 * shortCommits;
        double longRows = longCost.rows() - idleRows * longCost.seconds() - g2 * shortRows;
        double longWal = longCost.walBytes() - idleWal * longCost.seconds() - g2 * shortWal;
        double rowsPerGenSecond = longRows / s2;
        double commitsPerGenSecond = longCommits / s2;
        double walPerGenSecond = longWal / s2;
        double commitsPerSecond = longCommits / longWall;

        body.append("Counters of the whole database (psql), each read after ").append(option("b11-settle-ms", 11_000,
                        11_000) / 1000).append(" s without load (PostgreSQL reports a backend's counters up to 10 s late);")
                .append(" every phase less what the idle database did in as long (idle: the ")
                .append(Stats.fmt(idleSeconds)).append(" s before the first phase). Short: ").append(shortRun.completed())
                .append(" sends of ").append(shortSpec).append(", ").append(lanesShort).append(" lanes one after another")
                .append(shortRun.failures() > 0 ? " (" + shortRun.failures() + " failed" + shortRun.errorsNote()
                        + ")" : "").append(". Long: ").append(streams).append(" concurrent streams of ")
                .append(longSpec).append(", ").append(longRun.completed()).append(" complete")
                .append(longRun.failures() > 0 ? " (" + longRun.failures() + " failed" + longRun.errorsNote()
                        + ")" : "").append(", ").append(Stats.fmt(longWall)).append(" s; PostgreSQL recorded ")
                .append(longGens.count()).append(" generations, ").append(Stats.fmt(s2))
                .append(" generation-seconds (finished_at − created_at)")
                .append(longGens.running() > 0 ? ", " + longGens.running() + " still running" : "").append(".\n\n")
                .append("| phase | generations | transactions | rows written (ins+upd+del) | of them: ")
                .append(String.join(" / ", TABLES)).append(" / other tables (ins+upd+del each) | WAL records | WAL bytes |\n|---|---|---|---|---|---|---|\n");
        row("idle", 0, idle);
        row("short (start + end)", shortGens.count(), shortCost);
        row("long", longGens.count(), longCost);
        body.append("\n| per | transactions | rows written | WAL bytes |\n|---|---|---|---|\n")
                .append("| generation, start + end (short phase) | ").append(Stats.fmt(shortCommits))
                .append(" | ").append(Stats.fmt(shortRows)).append(" | ")
                .append(Stats.fmt(shortWal)).append(" |\n")
                .append("| running generation per second (long phase, less ").append((long) g2)
                .append(" × start + end) | ").append(Stats.fmt(commitsPerGenSecond)).append(" | ")
                .append(Stats.fmt(rowsPerGenSecond)).append(" | ").append(Stats.fmt(walPerGenSecond)).append(" |\n")
                .append("| second of the long phase, all its generations (less their starts and ends) | ")
                .append(Stats.fmt(commitsPerSecond)).append(" | ").append(Stats.fmt(longRows / longWall))
                .append(" | ").append(Stats.fmt(longWal / longWall)).append(" |\n")
                .append("\nIdle: ").append(Stats.fmt(idleCommits)).append(" transactions/s, ")
                .append(Stats.fmt(idleRows)).append(" rows/s and ").append(Stats.fmt(idleWal))
                .append(" WAL bytes/s without load (background work of the running instances, the bench's psql).")
                .append(" Transactions count reads too (a send's session and agent look-ups); rows and WAL are writes.\n");
        boolean hasData = g2 > 0 && s2 > 0 && longRun.completed() > 0;
        verdict(target, Stats.fmt(commitsPerGenSecond) + " transactions and " + Stats.fmt(rowsPerGenSecond)
                        + " rows per running generation per second (" + Stats.fmt(commitsPerSecond)
                        + " transactions/s for all " + (long) g2 + "); start + end " + Stats.fmt(shortCommits)
                        + " transactions, " + Stats.fmt(shortRows) + " rows",
                Report.judged(hasData, commitsPerGenSecond <= 1.1 && rowsPerGenSecond <= 2.2));
    }

    private void row(String phase, long generations, Counters c) {
        body.append("| ").append(phase).append(" | ").append(generations).append(" | ").append(c.commits())
                .append(" | ").append(c.rows()).append(" | ");
        List<String> parts = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(TABLES));
        names.add("other tables");
        for (String table : names) {
            long[] v = c.tables().get(table);
            parts.add(v == null ? "—" : v[0] + "+" + v[1] + "+" + v[2]);
        }
        body.append(String.join(" / ", parts)).append(" | ").append(c.walRecords()).append(" | ")
                .append(c.walBytes()).append(" |\n");
    }

    /**
     * The counters after a quiet pause: a PostgreSQL backend (15) that flushed its counters less than a second ago
     * keeps the new ones pending until it has been idle for 10 s (PGSTAT_IDLE_INTERVAL).
     */
    private Counters settled() throws InterruptedException {
        Thread.sleep(option("b11-settle-ms", 11_000, 11_000));
        return read();
    }

    private Counters read() {
        Map<String, long[]> tables = new LinkedHashMap<>();
        long commits = 0;
        long walRecords = 0;
        long walBytes = 0;
        for (String line : psql.query("SELECT 't ' || relname || ' ' || n_tup_ins || ' ' || n_tup_upd || ' ' || "
                + "n_tup_del FROM pg_stat_user_tables UNION ALL SELECT 'd ' || xact_commit FROM pg_stat_database "
                + "WHERE datname = current_database() UNION ALL SELECT 'w ' || wal_records || ' ' || wal_bytes "
                + "FROM pg_stat_wal")) {
            String[] p = line.split(" ");
            switch (p[0]) {
                case "t" -> tables.put(p[1], new long[] {Long.parseLong(p[2]), Long.parseLong(p[3]),
                        Long.parseLong(p[4])});
                case "d" -> commits = Long.parseLong(p[1]);
                case "w" -> {
                    walRecords = Long.parseLong(p[1]);
                    walBytes = Long.parseLong(p[2]);
                }
                default -> {
                }
            }
        }
        // tables outside the generations path, in one sum, so that nothing written is left out
        Map<String, long[]> shown = new LinkedHashMap<>();
        long[] other = new long[3];
        TreeSet<String> path = new TreeSet<>(List.of(TABLES));
        for (Map.Entry<String, long[]> e : tables.entrySet()) {
            if (path.contains(e.getKey())) {
                shown.put(e.getKey(), e.getValue());
            } else {
                for (int i = 0; i < 3; i++) {
                    other[i] += e.getValue()[i];
                }
            }
        }
        shown.put("other tables", other);
        return new Counters(shown, commits, walRecords, walBytes, System.nanoTime());
    }

    private String now() {
        return psql.query("SELECT now()").get(0);
    }

    private Generations generations(String since) {
        String[] p = psql.query("SELECT count(*) || ' ' || count(*) FILTER (WHERE status = 'running') || ' ' || "
                + "coalesce(sum(extract(epoch FROM finished_at - created_at)), 0) FROM generations WHERE created_at "
                + ">= '" + since + "'").get(0).split(" ");
        return new Generations(Long.parseLong(p[0]), Long.parseLong(p[1]), Double.parseDouble(p[2]));
    }
}
