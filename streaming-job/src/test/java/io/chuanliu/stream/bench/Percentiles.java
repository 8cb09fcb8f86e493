package io.chuanliu.stream.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample. */
final class Percentiles {

    private final long[] sorted;

    Percentiles(long[] values) {
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    long at(double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    int count() {
        return sorted.length;
    }

    @Override
    public String toString() {
        return sorted.length == 0
                ? "no samples"
                : "p50 " + at(50) + " ms, p95 " + at(95) + " ms, p99 " + at(99) + " ms (" + sorted.length + " samples)";
    }
}
