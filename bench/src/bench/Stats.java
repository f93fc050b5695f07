package bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of durations (nanoseconds), printed in milliseconds. */
final class Stats {

    private final long[] sorted;

    Stats(long[] values, int count) {
        this.sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
    }

    static Stats ofMicros(int[] micros, int count) {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            nanos[i] = micros[i] * 1000L;
        }
        return new Stats(nanos, count);
    }

    int count() {
        return sorted.length;
    }

    /** nearest-rank percentile in ns; NaN-like -1 when empty */
    long p(double percent) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long max() {
        return sorted.length == 0 ? -1 : sorted[sorted.length - 1];
    }

    double mean() {
        if (sorted.length == 0) {
            return -1;
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String fmt(double v) {
        if (Double.isNaN(v) || v < -1e17) {
            return "—";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    /** a difference: "+2.50" or "−1.20" */
    static String signed(double v) {
        return Double.isNaN(v) ? "—" : v >= 0 ? "+" + fmt(v) : "−" + fmt(-v);
    }

    static String fmtMs(long nanos) {
        return nanos < 0 ? "—" : fmt(ms(nanos));
    }
}
