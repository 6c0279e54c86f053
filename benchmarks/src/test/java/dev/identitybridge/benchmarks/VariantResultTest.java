package dev.identitybridge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VariantResultTest {

    private static VariantResult withLatenciesMillis(long... millis) {
        long[] nanos = new long[millis.length];
        for (int i = 0; i < millis.length; i++) {
            nanos[i] = millis[i] * 1_000_000;
        }
        return new VariantResult("v", 1, millis.length, 0, 2_000_000_000L, nanos, null);
    }

    @Test
    void percentilesUseTheNearestRankOfTheSortedLatencies() {
        // 1..100 ms in reverse: nearest rank p50 = 50th value, p95 = 95th, p99 = 99th, p100 = max
        long[] millis = new long[100];
        for (int i = 0; i < 100; i++) {
            millis[i] = 100 - i;
        }
        VariantResult result = withLatenciesMillis(millis);
        assertThat(result.latencyMillis(50)).isEqualTo(50.0);
        assertThat(result.latencyMillis(95)).isEqualTo(95.0);
        assertThat(result.latencyMillis(99)).isEqualTo(99.0);
        assertThat(result.latencyMillis(100)).isEqualTo(100.0);
        assertThat(result.latencyMillis(0)).isEqualTo(1.0);
    }

    @Test
    void aSingleSampleIsEveryPercentileAndNoSampleIsNaN() {
        assertThat(withLatenciesMillis(7).latencyMillis(99)).isEqualTo(7.0);
        assertThat(withLatenciesMillis().latencyMillis(50)).isNaN();
    }

    @Test
    void throughputIsSuccessesPerElapsedSecond() {
        assertThat(withLatenciesMillis(1, 2, 3, 4).throughputPerSecond()).isEqualTo(2.0);
    }
}
