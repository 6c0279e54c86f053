package dev.identitybridge.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The targets, evaluated on one run's results: reported, never asserted. */
public final class Targets {

    private final Map<String, List<VariantResult>> results;
    private final int concurrency;
    private final List<List<String>> rows = new ArrayList<>();

    /** {@code results} by comparison title; targets stated "at concurrency 8" use {@code concurrency}. */
    public Targets(Map<String, List<VariantResult>> results, int concurrency) {
        this.results = results;
        this.concurrency = concurrency;
    }

    /** {@code variant}'s throughput ÷ {@code baseline}'s, both of {@code comparison} at the target concurrency, at least {@code min}. */
    public Targets throughputRatio(String target, String comparison, String variant, String baseline, double min) {
        if (notRun(target, comparison)) {
            return this;
        }
        double ratio = result(comparison, variant, concurrency).throughputPerSecond()
                / result(comparison, baseline, concurrency).throughputPerSecond();
        return row(target, String.format(Locale.ROOT, "%.2f× (concurrency %d)", ratio, concurrency), ratio >= min);
    }

    /** A throughput ratio shown next to the targets for context, with no target of its own. */
    public Targets throughputRatioForContext(String label, String comparison, String variant, String baseline) {
        if (notRun(label, comparison)) {
            return this;
        }
        double ratio = result(comparison, variant, concurrency).throughputPerSecond()
                / result(comparison, baseline, concurrency).throughputPerSecond();
        rows.add(List.of(label, String.format(Locale.ROOT, "%.2f× (concurrency %d)", ratio, concurrency), "context"));
        return this;
    }

    /** p99 of {@code variant} at the target concurrency at most {@code maxMillis}. */
    public Targets p99(String target, String comparison, String variant, double maxMillis) {
        if (notRun(target, comparison)) {
            return this;
        }
        double p99 = result(comparison, variant, concurrency).latencyMillis(99);
        return row(target, String.format(Locale.ROOT, "%.1f ms (concurrency %d)", p99, concurrency), p99 <= maxMillis);
    }

    /** p50 of {@code variant} ÷ p50 of {@code baseline} at concurrency 1, at most {@code max}. */
    public Targets latencyGrowth(String target, String comparison, String variant, String baseline, double max) {
        if (notRun(target, comparison)) {
            return this;
        }
        double ratio = result(comparison, variant, 1).latencyMillis(50)
                / result(comparison, baseline, 1).latencyMillis(50);
        return row(target, String.format(Locale.ROOT, "%.2f× (p50, concurrency 1)", ratio), ratio <= max);
    }

    /** p50 of {@code variant} ÷ p50 of {@code baseline} at concurrency 1, within [{@code min}, {@code max}]. */
    public Targets latencyRatioWithin(
            String target, String comparison, String variant, String baseline, double min, double max) {
        if (notRun(target, comparison)) {
            return this;
        }
        double ratio = result(comparison, variant, 1).latencyMillis(50)
                / result(comparison, baseline, 1).latencyMillis(50);
        return row(
                target, String.format(Locale.ROOT, "%.2f× (p50, concurrency 1)", ratio), ratio >= min && ratio <= max);
    }

    /** p50 of {@code variant} at concurrency 1 at most {@code maxMillis}. */
    public Targets p50(String target, String comparison, String variant, double maxMillis) {
        if (notRun(target, comparison)) {
            return this;
        }
        double p50 = result(comparison, variant, 1).latencyMillis(50);
        return row(target, String.format(Locale.ROOT, "%.1f ms (p50, concurrency 1)", p50), p50 <= maxMillis);
    }

    public Targets row(String target, String measured, boolean met) {
        rows.add(List.of(target, measured, met ? "met" : "**missed**"));
        return this;
    }

    /** A row saying the comparison was not part of this run ({@code -Dbench.only}); true if so. */
    public boolean notRun(String target, String comparison) {
        if (results.containsKey(comparison)) {
            return false;
        }
        rows.add(List.of(target, "not run", "–"));
        return true;
    }

    public List<List<String>> rows() {
        return rows;
    }

    private VariantResult result(String comparison, String variant, int atConcurrency) {
        return results.get(comparison).stream()
                .filter(r -> r.variant().equals(variant) && r.concurrency() == atConcurrency)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + variant + " at " + atConcurrency));
    }
}
