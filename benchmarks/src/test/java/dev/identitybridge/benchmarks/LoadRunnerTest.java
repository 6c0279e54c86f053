package dev.identitybridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadRunnerTest {

    private final LoadRunner runner = new LoadRunner(3, Duration.ofMillis(60), Duration.ofMillis(20));

    @Test
    void countsSuccessesAndFailuresSeparatelyAndKeepsTheFirstError() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Operation everyThirdFails = () -> {
            Thread.sleep(1);
            if (calls.incrementAndGet() % 3 == 0) {
                throw new IllegalStateException("HTTP 500");
            }
        };
        VariantResult result =
                runner.run(List.of(new Variant("flaky", everyThirdFails)), 2).get(0);
        assertThat(result.failures()).isPositive();
        assertThat(result.operations()).isPositive();
        assertThat(result.latenciesNanos()).hasSize(result.operations());
        assertThat(result.firstFailure()).contains("HTTP 500");
        assertThat(result.concurrency()).isEqualTo(2);
    }

    @Test
    void measuresEveryVariantInEveryRoundAfterItsWarmUp() throws Exception {
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        List<VariantResult> results =
                runner.run(List.of(new Variant("a", sleeping(a)), new Variant("b", sleeping(b))), 1);
        assertThat(results).extracting(VariantResult::variant).containsExactly("a", "b");
        // each variant's measured time is its 3 rounds of at least 60 ms each; warm-up calls are not counted
        for (VariantResult r : results) {
            assertThat(r.elapsedNanos())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(180).toNanos());
            assertThat(r.operations()).isPositive();
        }
        assertThat(a.get()).isGreaterThan(results.get(0).operations());
        assertThat(b.get()).isGreaterThan(results.get(1).operations());
    }

    @Test
    void anExhaustedOperationStopsItsWorkerWithoutAFailure() throws Exception {
        AtomicInteger supply = new AtomicInteger(5);
        Operation fiveTimes = () -> {
            if (supply.getAndDecrement() <= 0) {
                throw new Operation.Exhausted();
            }
        };
        VariantResult result = new LoadRunner(1, Duration.ofSeconds(5), Duration.ZERO)
                .run(List.of(new Variant("pool", fiveTimes)), 2)
                .get(0);
        assertThat(result.operations()).isEqualTo(5);
        assertThat(result.failures()).isZero();
        assertThat(result.elapsedNanos()).isLessThan(Duration.ofSeconds(4).toNanos());
    }

    private static Operation sleeping(AtomicInteger counter) {
        return () -> {
            counter.incrementAndGet();
            Thread.sleep(2);
        };
    }
}
