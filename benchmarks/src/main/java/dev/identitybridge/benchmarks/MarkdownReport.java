package dev.identitybridge.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A Markdown table of variant results, each with its throughput ratio to the first (baseline) variant. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    public static String table(String title, String setup, List<VariantResult> results) {
        VariantResult baseline = results.get(0);
        StringBuilder md = new StringBuilder();
        md.append("### ").append(title).append("\n\n").append(setup).append("\n\n");
        md.append("| variant | operations | failures | seconds | ops/s | p50 ms | p95 ms | throughput vs ")
                .append(baseline.variant()).append(" | per-round ratio, median (min–max) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (VariantResult r : results) {
            double[] ratios = new double[r.roundThroughputs().length];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = r.roundThroughputs()[i] / baseline.roundThroughputs()[i];
            }
            Arrays.sort(ratios);
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.3f | %.3f (%.3f–%.3f) |%n", r.variant(),
                    r.operations(), r.failures(), r.busyNanos() / 1e9, r.throughputPerSecond(), r.latencyMillis(50),
                    r.latencyMillis(95), r.throughputPerSecond() / baseline.throughputPerSecond(),
                    ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1]));
        }
        return md.toString();
    }
}
