package dev.identitybridge.benchmarks;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A table of the report: variants measured side by side (interleaved) at each concurrency level, the first being
 * the baseline that the ratios divide by. Variants are made per concurrency level, for operations that consume
 * inputs (each level gets its own supply). The id ("1-2", "3a", …) selects comparisons with {@code -Dbench.only}; the
 * tables of one scenario may share it ("9": login and resolve).
 */
public record Comparison(String id, String title, String description, IntFunction<List<Variant>> variantsAt) {

    public static Comparison of(String id, String title, String description, List<Variant> variants) {
        return new Comparison(id, title, description, concurrency -> variants);
    }
}
