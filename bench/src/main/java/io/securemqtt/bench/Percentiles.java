package io.securemqtt.bench;

import java.util.Arrays;

/**
 * Percentiles of a sample by sorting it (no HdrHistogram here: a few tens of thousands of values
 * sort in milliseconds). Nearest-rank method, so every percentile is a value that was measured.
 */
final class Percentiles {

    private final long[] sorted;

    Percentiles(long[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The value at percentile {@code p} (0-100), in the unit of the sample; NaN if it is empty. */
    double at(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    /** {@link #at} of a sample of nanoseconds, in milliseconds. */
    double millisAt(double p) {
        return at(p) / 1e6;
    }

    double maxMillis() {
        return max() / 1e6;
    }
}
