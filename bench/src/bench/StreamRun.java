package bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one target measured in one streaming round: every answer, and the CPU and memory it cost. */
final class StreamRun {

    final List<Client.Result> results = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> errorKinds = new TreeMap<>();
    long wallNanos;
    long cpuNanos;
    /** the part of cpuNanos spent in the kernel, and the target's context switches (all its threads) */
    long sysNanos;
    long contextSwitches;
    long dbCpuNanos;
    /** CPU of the load generator itself and of the mock during the measured rounds (for {@link Budget}) */
    long selfCpuNanos;
    long mockCpuNanos;
    /** CPU the whole machine spent busy during the measured rounds (all processes, all cores); negative: unknown */
    long machineBusyNanos = -1;
    long maxRss;
    /** every answer that was not a complete stream, 503s included */
    int errors;
    /** 503 answers (a replica refusing a send), and how many of them said when to retry */
    int refused;
    int refusedWithRetryAfter;
    Stats ttfb;
    Stats ttft;
    Stats total;
    Stats gaps;
    long events;
    long upstreamConnections = -1;
    long upstreamAnswers = -1;
    /** the gateway's metrics at the start and the end of the measured rounds (null: not scraped) */
    Prometheus.Sample metricsBefore;
    Prometheus.Sample metricsAfter;

    void summarise() {
        long[] fb = new long[results.size()];
        long[] ft = new long[results.size()];
        long[] tt = new long[results.size()];
        int ok = 0;
        int gapCount = 0;
        for (Client.Result r : results) {
            if (r.ok()) {
                fb[ok] = r.firstByte;
                ft[ok] = r.firstMessage;
                tt[ok] = r.total;
                ok++;
                gapCount += r.gaps;
                events += r.messages;
            } else {
                errors++;
                if (r.status == 503) {
                    refused++;
                    refusedWithRetryAfter += r.retryAfter == null ? 0 : 1;
                }
                errorKinds.merge(r.error.length() > 80 ? r.error.substring(0, 80) : r.error, 1, Integer::sum);
            }
        }
        int[] g = new int[gapCount];
        int at = 0;
        for (Client.Result r : results) {
            if (r.ok()) {
                System.arraycopy(r.gapsMicros, 0, g, at, r.gaps);
                at += r.gaps;
            }
        }
        ttfb = new Stats(fb, ok);
        ttft = new Stats(ft, ok);
        total = new Stats(tt, ok);
        gaps = Stats.ofMicros(g, gapCount);
    }

    int completed() {
        return results.size() - errors;
    }

    /** errors other than 503s */
    int failures() {
        return errors - refused;
    }

    double streamsPerSecond() {
        return completed() / (wallNanos / 1e9);
    }

    /** CPU (ms) per completed stream */
    double msPerStream(long cpu) {
        return cpu / 1e6 / Math.max(1, completed());
    }

    /** cores the target's processes used on average during the measured rounds */
    double cores() {
        return wallNanos <= 0 ? Double.NaN : (double) cpuNanos / wallNanos;
    }

    /** cores the whole machine kept busy during the measured rounds (NaN: unknown) */
    double machineCores() {
        return wallNanos <= 0 || machineBusyNanos < 0 ? Double.NaN : (double) machineBusyNanos / wallNanos;
    }

    /** what the gateway's metrics counted during the measured rounds; null when they were not scraped */
    Prometheus.Sample metricsDelta() {
        return metricsBefore == null || metricsAfter == null ? null : metricsAfter.minus(metricsBefore);
    }

    String errorsNote() {
        return errorKinds.isEmpty() ? "" : " " + errorKinds.toString().replace("|", "/");
    }
}
