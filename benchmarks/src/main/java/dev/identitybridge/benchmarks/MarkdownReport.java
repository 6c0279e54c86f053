package dev.identitybridge.benchmarks;

import java.util.List;
import java.util.Locale;

/** Markdown tables: one per comparison (throughput, latency percentiles, errors, ratios to the baseline). */
public final class MarkdownReport {

    private final StringBuilder md = new StringBuilder();

    public MarkdownReport heading(String text) {
        md.append("\n## ").append(text).append("\n\n");
        return this;
    }

    public MarkdownReport paragraph(String text) {
        md.append(text).append("\n\n");
        return this;
    }

    /** Results of one comparison, grouped by concurrency; ratios divide by the first variant at the same concurrency. */
    public MarkdownReport comparison(Comparison comparison, List<VariantResult> results) {
        heading(comparison.title()).paragraph(comparison.description());
        md.append(
                "| variant | concurrency | requests | errors | req/s | p50 ms | p95 ms | p99 ms | req/s ÷ baseline | p50 ÷ baseline |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        VariantResult baseline = null;
        for (VariantResult r : results) {
            if (baseline == null || baseline.concurrency() != r.concurrency()) {
                baseline = r;
            }
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %s | %s |%n",
                    r.variant(),
                    r.concurrency(),
                    r.operations(),
                    r.failures(),
                    r.throughputPerSecond(),
                    r.latencyMillis(50),
                    r.latencyMillis(95),
                    r.latencyMillis(99),
                    r == baseline ? "baseline" : ratio(r.throughputPerSecond(), baseline.throughputPerSecond()),
                    r == baseline ? "baseline" : ratio(r.latencyMillis(50), baseline.latencyMillis(50))));
        }
        results.stream()
                .filter(r -> r.firstFailure() != null)
                .forEach(r -> md.append(String.format(
                        Locale.ROOT,
                        "%nFirst error of %s at concurrency %d: `%s`%n",
                        r.variant(),
                        r.concurrency(),
                        r.firstFailure().replace('`', '\''))));
        md.append('\n');
        return this;
    }

    public MarkdownReport table(List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> md.append(" --- |"));
        md.append('\n');
        rows.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        md.append('\n');
        return this;
    }

    public static String ratio(double value, double baseline) {
        return String.format(Locale.ROOT, "%.2f", value / baseline);
    }

    @Override
    public String toString() {
        return md.toString();
    }
}
