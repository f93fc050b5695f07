package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * B3: many long streams open at once, ramped in steps — how many a target holds, at what memory and time to
 * first token, and (C6) whether the gateway at 5,000 holds them in a 1 GiB container's heap and past its limit
 * refuses with 503 instead of dying.
 */
final class OpenStreams extends Scenario {

    private static final int C6_STREAMS = 5000;
    private static final double TTFT_LIMIT_MS = 2000;

    OpenStreams(Context context) {
        super(context, "B3");
    }

    /** one step's outcome for the gateway */
    private record Step(int streams, StreamRun run) {
    }

    @Override
    void run() throws Exception {
        int fdLimit = option("fd-limit", 20_000, 20_000);
        int cap = Math.min(10_000, openFileCap());
        List<Integer> steps = new ArrayList<>();
        for (String s : options.get("b3-steps", smoke() ? "20" : "1000," + C6_STREAMS + "," + cap).split(",")) {
            steps.add(Math.min(cap, Integer.parseInt(s.trim())));
        }
        int seconds = option("b3-seconds", 10, 2);
        int tokens = 20;
        StreamSpec spec = new StreamSpec("ndjson", tokens, seconds * 1000 / tokens, 0);
        body.append("\n## B3 — open streams, ramped\n\n").append("Steps of ").append(steps)
                .append(" concurrent streams, each ").append(spec).append(" (").append(seconds)
                .append(" s), opened at 1,000 per second (at most over 5 s); \"held\" = the largest step with 0 ")
                .append("errors; a target stops after its first step with errors other than 503s, TTFT p99 > ")
                .append(Stats.fmt(TTFT_LIMIT_MS)).append(" ms, or (gateway) a death. RSS = resident memory of the ")
                .append("target's processes, sampled every 0.5 s. The step cap (").append(cap).append(") comes ")
                .append("from this machine's open-file limit (").append(fdLimit).append(", not raisable here): the ")
                .append("gateway needs two sockets per stream.\n\n| target | streams | errors | of them 503 | TTFT p50 ")
                .append("(ms) | TTFT p99 (ms) | gap p99 (ms) | max RSS (MiB) | step time (s) |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (Target t : stack.streamTargets()) {
            int held = 0;
            long rssAtHeld = 0;
            List<Step> gatewaySteps = new ArrayList<>();
            String death = null;
            for (int step : steps) {
                List<Lane> lanes = stack.lanes(t, spec, step, 1);
                long start = System.nanoTime();
                StreamRun run = load.measure(t, lanes, 1, 0, Math.max(1000, Math.min(5000, step)), spec.tokens(),
                        seconds * 1000L + 40_000, true);
                Lane.closeAll(lanes);
                body.append("| ").append(t.name()).append(" | ").append(step).append(" | ").append(run.errors)
                        .append(run.errorsNote()).append(" | ").append(run.refused).append(" | ")
                        .append(Stats.fmtMs(run.ttft.p(50))).append(" | ").append(Stats.fmtMs(run.ttft.p(99)))
                        .append(" | ").append(Stats.fmtMs(run.gaps.p(99))).append(" | ")
                        .append(run.maxRss / (1024 * 1024)).append(" | ")
                        .append((System.nanoTime() - start) / 1_000_000_000).append(" |\n");
                if (run.errors == 0) {
                    held = step;
                    rssAtHeld = Math.max(rssAtHeld, run.maxRss);
                    results.largestOpenStep.put(t.name(), run);
                }
                if (t == stack.gateway) {
                    gatewaySteps.add(new Step(step, run));
                    death = stack.watch == null ? null : stack.watch.check();
                    if (death != null) {
                        body.append("\n**The gateway died at the ").append(step).append(" step: ").append(death)
                                .append(".**\n\n");
                        break;
                    }
                }
                if (run.failures() > 0 || Stats.ms(run.ttft.p(99)) > TTFT_LIMIT_MS) {
                    break;
                }
                Thread.sleep(smoke() ? 200 : 2000); // let sockets and the service settle
            }
            if (t == stack.gateway) {
                verdict("≥ 10,000 held, 0 errors, RSS ≤ 1 GiB", held + " held, RSS " + rssAtHeld / (1024 * 1024)
                        + " MiB" + (cap < 10_000 ? " (cap " + cap + ": fd limit)" : ""),
                        death == null && held >= 10_000 && rssAtHeld <= (1L << 30));
                c6(gatewaySteps, death);
            }
        }
        if (stack.gateway != null && !stack.gatewayStreams()) {
            verdict("≥ 10,000 held, 0 errors, RSS ≤ 1 GiB", stack.gatewayMissing(), null);
            cost("C6", stack.gatewayMissing(), null);
        }
    }

    /** C6: the 5,000 step held, and every step past it refused (503) rather than failed or died */
    private void c6(List<Step> steps, String death) {
        Step at = steps.stream().filter(s -> s.streams() == C6_STREAMS).findFirst().orElse(null);
        if (at == null) {
            Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
            boolean stoppedBelow = last != null && last.streams() < C6_STREAMS && (death != null
                    || last.run().failures() > 0 || Stats.ms(last.run().ttft.p(99)) > TTFT_LIMIT_MS);
            if (!stoppedBelow) {
                cost("C6", "no " + C6_STREAMS + " step in this run (--b3-steps)", null);
                return;
            }
            cost("C6", "stopped at the " + last.streams() + " step (" + last.run().failures() + " errors besides "
                    + "503s, TTFT p99 " + Stats.fmtMs(last.run().ttft.p(99)) + " ms)"
                    + (death == null ? "" : "; **died** (" + death + ")"), false);
            return;
        }
        StreamRun r = at.run();
        StringBuilder now = new StringBuilder().append(C6_STREAMS).append(": ").append(r.errors).append(" errors (")
                .append(r.refused).append(" × 503), RSS ").append(r.maxRss / (1024 * 1024)).append(" MiB, TTFT p99 ")
                .append(Stats.fmtMs(r.ttft.p(99))).append(" ms");
        boolean ok = death == null && r.errors == 0 && r.maxRss <= (1L << 30) && r.ttft.count() > 0
                && Stats.ms(r.ttft.p(99)) <= TTFT_LIMIT_MS;
        for (Step s : steps) {
            if (s.streams() > C6_STREAMS) {
                now.append("; ").append(s.streams()).append(": ").append(s.run().refused).append(" × 503, ")
                        .append(s.run().failures()).append(" other errors");
                ok &= s.run().failures() == 0;
            }
        }
        now.append(death == null ? "; no death" : "; **died** (" + death + ")");
        cost("C6", now.toString(), ok);
    }
}
