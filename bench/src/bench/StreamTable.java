package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** The side-by-side table of a streaming scenario: each target's figures, then each one's difference to direct. */
final class StreamTable {

    private final StringBuilder out;
    private final Map<Target, StreamRun> runs;
    private final List<Target> targets;
    private final StreamRun direct;

    private StreamTable(StringBuilder out, Map<Target, StreamRun> runs) {
        this.out = out;
        this.runs = runs;
        this.targets = new ArrayList<>(runs.keySet());
        this.direct = runs.get(targets.get(0));
    }

    /** {@code throughput}: also streams/s, process CPU and the mock's connection counts */
    static void append(StringBuilder out, Map<Target, StreamRun> runs, boolean throughput) {
        new StreamTable(out, runs).write(throughput);
    }

    private void write(boolean throughput) {
        out.append("| metric |");
        for (Target t : targets) {
            out.append(' ').append(t.name()).append(" |");
        }
        for (Target t : others()) {
            out.append(' ').append(t.name()).append(" − direct |");
        }
        out.append("\n|---|").append("---|".repeat(targets.size() * 2 - 1)).append('\n');
        text("streams (errors)", r -> r.results.size() + " (" + r.errors + ")");
        if (runs.values().stream().anyMatch(r -> r.refused > 0)) {
            text("of the errors: 503 (with Retry-After)", r -> r.refused + " (" + r.refusedWithRetryAfter + ")");
        }
        times("time to first byte p50 (ms)", r -> r.ttfb.p(50));
        times("time to first byte p99 (ms)", r -> r.ttfb.p(99));
        times("**time to first token p50 (ms)**", r -> r.ttft.p(50));
        times("**time to first token p99 (ms)**", r -> r.ttft.p(99));
        times("time to first token max (ms)", r -> r.ttft.max());
        times("gap between events p50 (ms)", r -> r.gaps.p(50));
        times("gap between events p99 (ms)", r -> r.gaps.p(99));
        times("gap between events max (ms)", r -> r.gaps.max());
        times("total time p50 (ms)", r -> r.total.p(50));
        times("total time p99 (ms)", r -> r.total.p(99));
        if (throughput) {
            out.append("| streams/s |");
            for (Target t : targets) {
                out.append(' ').append(Stats.fmt(runs.get(t).streamsPerSecond())).append(" |");
            }
            for (Target t : others()) {
                out.append(' ').append(Stats.fmt(100 * runs.get(t).streamsPerSecond() / direct.streamsPerSecond()))
                        .append("% of direct |");
            }
            out.append('\n');
            text("process CPU (ms)", r -> Stats.fmtMs(r.cpuNanos));
            text("cores used (process CPU ÷ wall time)", r -> Stats.fmt(r.cores()));
            text("machine cores busy, all processes (of " + Runtime.getRuntime().availableProcessors() + ")",
                    r -> Stats.fmt(r.machineCores()));
            text("new connections to the mock / answers", r -> r.upstreamConnections + " / " + r.upstreamAnswers);
        }
        for (Target t : targets) {
            if (!runs.get(t).errorKinds.isEmpty()) {
                out.append("\nErrors (").append(t.name()).append("): ").append(runs.get(t).errorKinds).append('\n');
            }
        }
    }

    private List<Target> others() {
        return targets.subList(1, targets.size());
    }

    private void text(String metric, Function<StreamRun, String> value) {
        out.append("| ").append(metric).append(" |");
        for (Target t : targets) {
            out.append(' ').append(value.apply(runs.get(t))).append(" |");
        }
        out.append(" |".repeat(targets.size() - 1)).append('\n');
    }

    private void times(String metric, ToLongFunction<StreamRun> nanos) {
        out.append("| ").append(metric).append(" |");
        for (Target t : targets) {
            out.append(' ').append(Stats.fmtMs(nanos.applyAsLong(runs.get(t)))).append(" |");
        }
        for (Target t : others()) {
            long v = nanos.applyAsLong(runs.get(t));
            long d = nanos.applyAsLong(direct);
            out.append(' ').append(v < 0 || d < 0 ? "—" : Stats.fmt(Stats.ms(v - d))).append(" |");
        }
        out.append('\n');
    }
}
