package dev.identitybridge.benchmarks;

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
                .append(baseline.variant()).append(" |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (VariantResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.3f |%n", r.variant(), r.operations(),
                    r.failures(), r.busyNanos() / 1e9, r.throughputPerSecond(), r.latencyMillis(50), r.latencyMillis(95),
                    r.throughputPerSecond() / baseline.throughputPerSecond()));
        }
        return md.toString();
    }
}
