package dev.identitybridge.benchmarks;

import java.util.Arrays;

/**
 * What one variant achieved at one concurrency over all its measured rounds: successful operations and their
 * latencies, failures (with the first failure's message), and the wall time the rounds took.
 */
public record VariantResult(
        String variant,
        int concurrency,
        int operations,
        int failures,
        long elapsedNanos,
        long[] latenciesNanos,
        String firstFailure) {

    public VariantResult {
        latenciesNanos = latenciesNanos.clone();
        Arrays.sort(latenciesNanos);
    }

    public double throughputPerSecond() {
        return elapsedNanos == 0 ? 0 : operations / (elapsedNanos / 1e9);
    }

    /** Latency percentile in milliseconds ({@code p} in 0..100, nearest rank); NaN without successes. */
    public double latencyMillis(double p) {
        if (latenciesNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
        return latenciesNanos[Math.max(0, Math.min(latenciesNanos.length - 1, index))] / 1e6;
    }
}
