package bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * B9 (issue 16.0): more streams at once than the replica's limit on running generations
 * ({@code chatgateway.relay.max-running-generations}, RELAY_MAX_RUNNING_GENERATIONS). Past the limit a send must
 * get 503 with Retry-After, while the streams already running go on untouched, readiness stays UP and the
 * replica does not die. A build without such a limit serves every stream: reported as "no limit".
 */
final class GenerationLimit extends Scenario {

    GenerationLimit(Context context) {
        super(context, "B9");
    }

    @Override
    void run() throws Exception {
        body.append("\n## B9 — past the limit on running generations\n\n");
        if (!gatewayRelays("past the limit: 503 with Retry-After, 0 deaths")) {
            return;
        }
        int cap = openFileCap();
        String source = "--b9-limit (RELAY_MAX_RUNNING_GENERATIONS given to run.sh)";
        int limit = option("b9-limit", -1, -1);
        if (limit <= 0) {
            limit = -1;
            Prometheus.Sample sample = stack.metrics == null ? null : stack.metrics.scrape();
            Map.Entry<String, Double> metric = sample == null ? null : sample.find("generation", "limit");
            if (metric == null && sample != null) {
                metric = sample.find("generation", "max");
            }
            if (metric != null && metric.getValue() > 0 && !metric.getValue().isInfinite()) {
                limit = metric.getValue().intValue();
                source = "the gateway's metric `" + metric.getKey() + "`";
            }
        }
        int streams = limit > 0 ? Math.min(cap, limit + Math.max(10, limit / 10)) : option("b9-streams", 600, 30);
        int seconds = option("b9-seconds", 10, 2);
        StreamSpec spec = new StreamSpec("ndjson", 10, seconds * 100, 0);
        body.append(streams).append(" streams of ").append(spec).append(" opened at about 1,000 per second (at most ")
                .append("over 5 s), so that all run at once; the limit: ")
                .append(limit > 0 ? limit + ", from " + source : "unknown (neither --b9-limit nor a gateway metric "
                        + "naming a generation limit): the streams show whether there is one")
                .append(". Readiness (`/actuator/health/readiness`) polled every 0.5 s meanwhile.\n\n")
                .append("| streams opened | limit | served | 503 (with Retry-After) | other errors | TTFT p99 of the ")
                .append("served (ms) | max RSS (MiB) | readiness not UP (of polls) | gateway afterwards |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        List<Lane> lanes = stack.lanes(stack.gateway, spec, streams, 1);
        AtomicInteger polls = new AtomicInteger();
        AtomicInteger notReady = new AtomicInteger();
        Thread poller = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                int status = stack.readiness();
                if (status < 0) {
                    return;
                }
                polls.incrementAndGet();
                notReady.addAndGet(status == 200 ? 0 : 1);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        StreamRun run = load.measure(stack.gateway, lanes, 1, 0, Math.max(1000, Math.min(5000, streams)),
                spec.tokens(), seconds * 1000L + 40_000, true);
        poller.interrupt();
        poller.join(10_000);
        Lane.closeAll(lanes);
        String death = stack.watch.check();
        body.append("| ").append(streams).append(" | ").append(limit > 0 ? limit : "unknown").append(" | ")
                .append(run.completed()).append(" | ").append(run.refused).append(" (")
                .append(run.refusedWithRetryAfter).append(") | ").append(run.failures()).append(" | ")
                .append(Stats.fmtMs(run.ttft.p(99))).append(" | ").append(run.maxRss / (1024 * 1024)).append(" | ")
                .append(polls.get() == 0 ? "not polled" : notReady.get() + " of " + polls.get()).append(" | ")
                .append(death == null ? "alive" : "**died**: " + death).append(" |\n");
        if (!run.errorKinds.isEmpty()) {
            body.append("\nAnswers other than complete streams: ").append(run.errorKinds).append('\n');
        }

        if (run.refused == 0) {
            String noLimit = "no limit: all " + run.completed() + " of " + streams + " streams served"
                    + (limit > 0 ? " past a configured limit of " + limit : "");
            verdict("past the limit: 503 with Retry-After", noLimit, limit > 0 && death == null ? false : null);
        } else {
            verdict("past the limit: 503 with Retry-After", run.refused + " × 503 (" + run.refusedWithRetryAfter
                            + " with Retry-After), " + run.completed() + " served" + (limit > 0 ? " (limit " + limit
                            + ")" : ""), run.refusedWithRetryAfter == run.refused);
        }
        verdict("running streams untouched: 0 errors besides the 503s", run.failures() + " errors",
                Report.judged(!run.results.isEmpty(), run.failures() == 0));
        report.survivalVerdict(id(), id(), "readiness UP throughout, 0 deaths",
                (death == null ? "alive" : "died: " + death) + "; readiness not UP in "
                        + (polls.get() == 0 ? "— (not polled)" : notReady.get() + " of " + polls.get() + " polls"),
                death != null ? Boolean.FALSE : Report.judged(polls.get() > 0, notReady.get() == 0));
    }
}
