package dev.identitybridge.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load, interleaved: each variant first gets an unmeasured warm-up of {@code warmup}; then, round after
 * round, each variant in turn keeps {@code concurrency} workers busy for {@code round} (a worker starts its next
 * request as soon as the last one answered), the order of the variants rotating every round so that drift of the
 * machine (JIT, caches, vacuum, other load) spreads over all variants instead of favouring one.
 */
public final class LoadRunner {

    private final int rounds;
    private final Duration round;
    private final Duration warmup;

    public LoadRunner(int rounds, Duration round, Duration warmup) {
        this.rounds = rounds;
        this.round = round;
        this.warmup = warmup;
    }

    public List<VariantResult> run(List<Variant> variants, int concurrency) throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        try {
            for (Variant variant : variants) {
                batch(workers, variant, concurrency, warmup, new Tally());
            }
            Map<Variant, Tally> tallies = new LinkedHashMap<>();
            variants.forEach(v -> tallies.put(v, new Tally()));
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant variant = variants.get((r + i) % variants.size());
                    batch(workers, variant, concurrency, round, tallies.get(variant));
                }
            }
            List<VariantResult> results = new ArrayList<>();
            tallies.forEach((variant, t) -> results.add(t.result(variant.name(), concurrency)));
            return results;
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static void batch(ExecutorService workers, Variant variant, int concurrency, Duration duration, Tally tally)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Future<Tally>> running = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            running.add(workers.submit(() -> work(variant.operation(), deadline)));
        }
        for (Future<Tally> worker : running) {
            try {
                tally.add(worker.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("worker crashed", e.getCause());
            }
        }
        tally.elapsedNanos += System.nanoTime() - start;
    }

    private static Tally work(Operation operation, long deadline) {
        Tally tally = new Tally();
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            long t0 = System.nanoTime();
            try {
                operation.run();
                tally.latencies.add(System.nanoTime() - t0);
            } catch (Operation.Exhausted usedUp) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception | AssertionError e) {
                tally.failures++;
                if (tally.firstFailure == null) {
                    tally.firstFailure = e.toString();
                }
            }
        }
        return tally;
    }

    private static final class Tally {
        final List<Long> latencies = new ArrayList<>();
        int failures;
        String firstFailure;
        long elapsedNanos;

        void add(Tally other) {
            latencies.addAll(other.latencies);
            failures += other.failures;
            if (firstFailure == null) {
                firstFailure = other.firstFailure;
            }
        }

        VariantResult result(String variant, int concurrency) {
            return new VariantResult(
                    variant,
                    concurrency,
                    latencies.size(),
                    failures,
                    elapsedNanos,
                    latencies.stream().mapToLong(Long::longValue).toArray(),
                    firstFailure);
        }
    }
}
