package dev.identitybridge.benchmarks;

import java.util.Arrays;

/** What one variant achieved over all its rounds. */
public record VariantResult(String variant, int operations, int failures, long busyNanos, long[] latenciesNanos,
                            double[] roundThroughputs) {

    public double throughputPerSecond() {
        return operations / (busyNanos / 1e9);
    }

    /** Latency percentile in milliseconds ({@code p} in 0..100). */
    public double latencyMillis(double p) {
        if (latenciesNanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = latenciesNanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
