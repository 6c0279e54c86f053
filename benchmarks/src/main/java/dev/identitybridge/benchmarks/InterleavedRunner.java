package dev.identitybridge.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a scenario against several variants side by side: round after round, each variant gets one batch of
 * operations at a fixed concurrency, the order of the variants rotating every round, so that drift of the machine
 * (JIT, caches, other load) spreads evenly over the variants instead of favouring one.
 */
public final class InterleavedRunner {

    private final int rounds;
    private final int operationsPerRound;
    private final int concurrency;

    public InterleavedRunner(int rounds, int operationsPerRound, int concurrency) {
        this.rounds = rounds;
        this.operationsPerRound = operationsPerRound;
        this.concurrency = concurrency;
    }

    public List<VariantResult> run(Scenario scenario, List<String> variants) throws InterruptedException {
        Map<String, Accumulator> totals = new LinkedHashMap<>();
        variants.forEach(v -> totals.put(v, new Accumulator()));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    String variant = variants.get((round + i) % variants.size());
                    batch(pool, scenario, variant, totals.get(variant));
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        List<VariantResult> results = new ArrayList<>();
        totals.forEach((variant, a) -> results.add(new VariantResult(variant, a.operations, a.failures, a.busyNanos,
                a.latencies.stream().mapToLong(Long::longValue).toArray(),
                a.rounds.stream().mapToDouble(Double::doubleValue).toArray())));
        return results;
    }

    private void batch(ExecutorService pool, Scenario scenario, String variant, Accumulator total) throws InterruptedException {
        List<Future<Long>> operations = new ArrayList<>(operationsPerRound);
        int succeeded = 0;
        long start = System.nanoTime();
        for (int i = 0; i < operationsPerRound; i++) {
            operations.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                scenario.run(variant);
                return System.nanoTime() - t0;
            }));
        }
        for (Future<Long> operation : operations) {
            try {
                total.latencies.add(operation.get());
                total.operations++;
                succeeded++;
            } catch (java.util.concurrent.ExecutionException e) {
                total.failures++;
            }
        }
        long elapsed = System.nanoTime() - start;
        total.busyNanos += elapsed;
        total.rounds.add(succeeded / (elapsed / 1e9));
    }

    private static final class Accumulator {
        int operations;
        int failures;
        long busyNanos;
        final List<Long> latencies = new ArrayList<>();
        final List<Double> rounds = new ArrayList<>();
    }
}
