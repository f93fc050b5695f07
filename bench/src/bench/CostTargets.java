package bench;

import java.util.List;

/**
 * Issue 17's targets: what the gateway spends and what it waits for, judged on its own figures measured in the
 * same run as nginx (the load generator, the mock and PostgreSQL share the cores, so a share of direct's
 * throughput says little). Each comes from one scenario.
 */
final class CostTargets {

    record CostTarget(String id, String what, String target, String scenario) {
    }

    static final List<CostTarget> ALL = List.of(
            new CostTarget("C1", "CPU per relayed piece (split of 50- and 400-piece streams)", "≤ 2× nginx's", "B4"),
            new CostTarget("C2", "CPU per stream, fixed part (same split)", "≤ 1.5 ms", "B4"),
            new CostTarget("C3", "PostgreSQL per send at B2's load: CPU, connection acquisitions, longest hold",
                    "≤ 0.6 ms, ≤ 2 short acquisitions, none held while n8n is called or streams", "B2"),
            new CostTarget("C4", "500 concurrent streams: time a send waits for a database connection "
                    + "(HikariCP acquire p99), the gateway's cores, streams/s and TTFT beside nginx's",
                    "p99 ≤ 50 ms; short of nginx's rate only with ≥ 1.6 cores busy", "B2"),
            new CostTarget("C5", "added time to first token, one stream at a time, p50 / p99", "≤ 2 / ≤ 8 ms", "B1"),
            new CostTarget("C6", "5,000 open 10-s streams, heap as in a 1 GiB container",
                    "0 errors, RSS ≤ 1 GiB, TTFT p99 ≤ 2 s; past the limit 503s, never a death", "B3"),
            new CostTarget("C7", "`GET /api/chats` CPU per request", "≤ 0.45 ms", "B5"),
            new CostTarget("C8", "start to ready, external database, second start", "≤ 3 s", "B7"));

    private CostTargets() {
    }

    static CostTarget get(String id) {
        return ALL.stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no target " + id));
    }
}
