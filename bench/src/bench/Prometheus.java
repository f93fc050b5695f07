package bench;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gateway's {@code /actuator/prometheus} (on its management port): counters and histogram buckets read before
 * and after a measured round, so that a round's own figures come from the difference. run.sh switches on
 * histograms for HikariCP's timers (with a bucket at 50 ms, C4's limit); without them only counts, sums and
 * maxima are there.
 */
final class Prometheus {

    private final URI management;

    Prometheus(URI management) {
        this.management = management;
    }

    /** the current values, or null when the endpoint does not answer */
    Sample scrape() {
        try (Client c = new Client(management, 10_000)) {
            Client.Result r = c.exchange("GET", "/actuator/prometheus", null, "text/plain", null, true);
            if (r.status != 200 || r.body == null) {
                return null;
            }
            return Sample.parse(r.body);
        }
    }

    /** one scrape: every series ({@code name{labels}}) and its value */
    record Sample(Map<String, Double> series) {

        static Sample parse(String text) {
            Map<String, Double> series = new HashMap<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int close = line.lastIndexOf('}');
                int space = line.indexOf(' ', close < 0 ? 0 : close);
                if (space < 0) {
                    continue;
                }
                String value = line.substring(space + 1).trim().split(" ")[0];
                try {
                    series.put(line.substring(0, space), parseValue(value));
                } catch (NumberFormatException e) {
                    // not a sample line
                }
            }
            return new Sample(series);
        }

        boolean has(String metric) {
            return series.keySet().stream().anyMatch(k -> name(k).equals(metric));
        }

        /** the sum over all label sets of one metric; NaN when there is none */
        double sum(String metric) {
            double sum = 0;
            boolean found = false;
            for (Map.Entry<String, Double> e : series.entrySet()) {
                if (name(e.getKey()).equals(metric)) {
                    sum += e.getValue();
                    found = true;
                }
            }
            return found ? sum : Double.NaN;
        }

        /** the series whose metric name contains all of {@code parts} (case-insensitive), with its value */
        Map.Entry<String, Double> find(String... parts) {
            for (Map.Entry<String, Double> e : new TreeMap<>(series).entrySet()) {
                String n = name(e.getKey()).toLowerCase();
                boolean all = true;
                for (String p : parts) {
                    all &= n.contains(p);
                }
                if (all) {
                    return e;
                }
            }
            return null;
        }

        /** this sample less an earlier one (counters and buckets; gauges become meaningless) */
        Sample minus(Sample before) {
            Map<String, Double> d = new HashMap<>();
            for (Map.Entry<String, Double> e : series.entrySet()) {
                d.put(e.getKey(), e.getValue() - before.series.getOrDefault(e.getKey(), 0.0));
            }
            return new Sample(d);
        }

        /** the buckets of {@code <metric>_bucket}, summed over label sets other than {@code le}; null without buckets */
        Histogram histogram(String metric) {
            TreeMap<Double, Double> cumulative = new TreeMap<>();
            for (Map.Entry<String, Double> e : series.entrySet()) {
                String key = e.getKey();
                if (!name(key).equals(metric + "_bucket")) {
                    continue;
                }
                int le = key.indexOf("le=\"");
                if (le < 0) {
                    continue;
                }
                String bound = key.substring(le + 4, key.indexOf('"', le + 4));
                cumulative.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound),
                        e.getValue(), Double::sum);
            }
            return cumulative.isEmpty() ? null : new Histogram(cumulative);
        }

        private static String name(String key) {
            int brace = key.indexOf('{');
            return brace < 0 ? key : key.substring(0, brace);
        }

        private static double parseValue(String v) {
            return switch (v) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(v);
            };
        }
    }

    /** cumulative bucket counts by upper bound (seconds) */
    record Histogram(TreeMap<Double, Double> cumulative) {

        double count() {
            return cumulative.lastEntry().getValue();
        }

        /** the upper bound of the bucket that holds the {@code percent} percentile; NaN when empty */
        double percentileBound(double percent) {
            double total = count();
            if (total <= 0) {
                return Double.NaN;
            }
            double rank = Math.ceil(percent / 100 * total);
            for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
                if (e.getValue() >= rank) {
                    return e.getKey();
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        /** the upper bound of the highest bucket that received anything; NaN when empty */
        double maxBound() {
            return percentileBound(100);
        }
    }

    /** "≤ 50 ms" for a bucket bound in seconds */
    static String bound(double seconds) {
        if (Double.isNaN(seconds)) {
            return "—";
        }
        return Double.isInfinite(seconds) ? "above the largest bucket" : "≤ " + Stats.fmt(seconds * 1000) + " ms";
    }
}
