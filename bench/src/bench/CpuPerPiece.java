package bench;

import java.util.List;
import java.util.Map;

/**
 * B4: what a relayed piece costs in CPU and what a stream costs besides its pieces (C1, C2). B2's CPU per stream
 * and the same clients' CPU per stream of much longer answers give two points: the slope is the CPU per piece,
 * the rest of B2's stream is its fixed part (request, security, database, upstream call).
 */
final class CpuPerPiece extends Scenario {

    CpuPerPiece(Context context) {
        super(context, "B4");
    }

    @Override
    void run() throws Exception {
        body.append("\n## B4 — CPU per relayed piece and per stream (at B2's concurrency)\n\n");
        Map<String, StreamRun> b2 = results.concurrent;
        if (b2.isEmpty()) {
            body.append("B2 did not run: nothing to split.\n");
            verdict("≤ 20 µs CPU per event", "B2 did not run", null);
            return;
        }
        body.append("Process CPU (user+sys from /proc, 10 ms ticks) during B2's measured rounds ÷ streamed pieces ")
                .append("delivered to the clients. direct = the mock producing them; nginx = its workers; gateway = ")
                .append("the service JVM (PostgreSQL's CPU shown separately).\n\n")
                .append("| target | events | CPU (ms) | µs per event | ms per stream | PostgreSQL CPU (ms) |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Map.Entry<String, StreamRun> e : b2.entrySet()) {
            StreamRun run = e.getValue();
            body.append("| ").append(e.getKey()).append(" | ").append(run.events).append(" | ")
                    .append(Stats.fmtMs(run.cpuNanos)).append(" | ").append(Stats.fmt(perEvent(run))).append(" | ")
                    .append(Stats.fmt(run.msPerStream(run.cpuNanos))).append(" | ")
                    .append(e.getKey().equals("gateway") ? Stats.fmtMs(run.dbCpuNanos) : "—").append(" |\n");
        }
        StreamRun gwB2 = b2.get("gateway");
        StreamRun nginxB2 = b2.get("nginx");
        if (gwB2 != null && gwB2.events > 0) {
            verdict("≤ 20 µs CPU per event", Stats.fmt(perEvent(gwB2)) + " µs (nginx "
                    + (nginxB2 == null || nginxB2.events == 0 ? "—" : Stats.fmt(perEvent(nginxB2))) + " µs)",
                    perEvent(gwB2) <= 20);
        } else {
            verdict("≤ 20 µs CPU per event", stack.gatewayMissing(), null);
        }
        split(b2);
    }

    private static double perEvent(StreamRun run) {
        return run.events == 0 ? Double.NaN : run.cpuNanos / 1000.0 / run.events;
    }

    private void split(Map<String, StreamRun> b2) {
        int clients = concurrentClients();
        int rounds = option("b4-rounds", 1, 1);
        StreamSpec shortSpec = results.concurrentSpec;
        StreamSpec longSpec = new StreamSpec("ndjson", option("b4-tokens", 400, 40), shortSpec.delayMs(), 0);
        if (longSpec.tokens() <= shortSpec.tokens()) {
            body.append("\nNo split: --b4-tokens must exceed B2's pieces per stream.\n");
            return;
        }
        int extra = longSpec.tokens() - shortSpec.tokens();
        body.append("\nSplit: the same ").append(clients).append(" clients also ran 1 warm-up + ").append(rounds)
                .append(" streams each of ").append(longSpec).append("; CPU per piece = (CPU per stream of these ")
                .append("− CPU per stream in B2) ÷ ").append(extra).append(" pieces; the fixed part = B2's CPU per ")
                .append("stream less its ").append(shortSpec.tokens()).append(" pieces. An estimate: the two ")
                .append("rounds' loads differ a little.\n\n")
                .append("The last two columns say where a piece's CPU goes: the kernel's share of the long ")
                .append("streams' CPU (10 ms ticks), and the extra context switches per extra piece (all the ")
                .append("target's threads; a relay that hands each piece from thread to thread switches more).\n\n")
                .append("| target | ms per stream (").append(shortSpec.tokens()).append(" pieces) | ms per stream (")
                .append(longSpec.tokens()).append(" pieces) | µs per piece | fixed ms per stream | ")
                .append("kernel share (long streams) | context switches per piece |\n")
                .append("|---|---|---|---|---|---|---|\n");
        Map<String, Double> fixedMs = new java.util.LinkedHashMap<>();
        for (Target t : stack.streamTargets()) {
            StreamRun shortRun = b2.get(t.name());
            if (shortRun == null || shortRun.completed() == 0) {
                continue;
            }
            try {
                List<Lane> lanes = stack.lanes(t, longSpec, clients, 1);
                StreamRun longRun = load.measure(t, lanes, rounds, 1, 500, longSpec.tokens(),
                        (rounds + 1L) * (longSpec.tokens() * longSpec.delayMs() + 10_000L) + 20_000, false);
                Lane.closeAll(lanes);
                if (longRun.completed() == 0) {
                    body.append("| ").append(t.name()).append(" | no completed streams | | | | | |\n");
                    continue;
                }
                double shortUs = shortRun.msPerStream(shortRun.cpuNanos) * 1000;
                double longUs = longRun.msPerStream(longRun.cpuNanos) * 1000;
                double perPiece = (longUs - shortUs) / extra;
                double fixed = (shortUs - perPiece * shortSpec.tokens()) / 1000;
                double kernelShare = longRun.cpuNanos > 0 ? (double) longRun.sysNanos / longRun.cpuNanos : Double.NaN;
                double switchesPerPiece = ((double) longRun.contextSwitches / longRun.completed()
                        - (double) shortRun.contextSwitches / shortRun.completed()) / extra;
                body.append("| ").append(t.name()).append(" | ").append(Stats.fmt(shortUs / 1000)).append(" | ")
                        .append(Stats.fmt(longUs / 1000)).append(" | ").append(Stats.fmt(perPiece)).append(" | ")
                        .append(Stats.fmt(fixed)).append(" | ")
                        .append(Double.isNaN(kernelShare) ? "—" : Math.round(kernelShare * 100) + " %").append(" | ")
                        .append(Stats.fmt(switchesPerPiece)).append(" |\n");
                results.perPieceMicros.put(t.name(), perPiece);
                fixedMs.put(t.name(), fixed);
            } catch (Exception e) {
                body.append("| ").append(t.name()).append(" | failed: ").append(e.getMessage()).append(" | | | | | |\n");
            }
        }
        String none = stack.gateway == null || !stack.gatewayStreams() ? stack.gatewayMissing()
                : "no split for the gateway (no completed streams)";
        Double gw = results.perPieceMicros.get("gateway");
        Double nginx = results.perPieceMicros.get("nginx");
        cost("C1", gw == null ? none : Stats.fmt(gw) + " µs vs nginx "
                        + (nginx == null ? "— (not run)" : Stats.fmt(nginx) + " µs (" + Stats.fmt(gw / nginx) + "×)"),
                Report.judged(gw != null && nginx != null && nginx > 0, gw != null && nginx != null
                        && gw <= 2 * nginx));
        Double gwFixed = fixedMs.get("gateway");
        Double nginxFixed = fixedMs.get("nginx");
        cost("C2", gwFixed == null ? none : Stats.fmt(gwFixed) + " ms (nginx "
                        + (nginxFixed == null ? "—" : Stats.fmt(nginxFixed)) + " ms)",
                Report.judged(gwFixed != null, gwFixed != null && gwFixed <= 1.5));
    }
}
