package dev.identitybridge.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How big and how long a run is, from system properties, with two presets: {@code full} (10,000 and 1,000,000 app
 * users, concurrency 1/8/32, about 15 minutes on 2 cores) and {@code smoke} (seconds of load on small tables, for
 * CI, so that the benchmark cannot rot). Any value can be overridden with {@code -Dbench.<name>=…} (the pom passes them on).
 */
public record BenchSettings(
        String mode,
        int smallUsers,
        int largeUsers,
        List<Integer> concurrencyLevels,
        int rounds,
        Duration round,
        Duration warmup,
        int newUsersPerLevel,
        int startupRepetitions,
        Duration timeLimit,
        Duration jitWarmup,
        List<String> only,
        Path report,
        Path workDir) {

    public static BenchSettings fromSystemProperties() {
        String mode = System.getProperty("bench.mode", "full");
        boolean smoke = mode.equals("smoke");
        if (!smoke && !mode.equals("full")) {
            throw new IllegalArgumentException("bench.mode must be full or smoke, not " + mode);
        }
        return new BenchSettings(
                mode,
                integer("small.users", smoke ? 1_000 : 10_000),
                integer("large.users", smoke ? 5_000 : 1_000_000),
                Arrays.stream(property("concurrency", smoke ? "1,4" : "1,8,32").split(","))
                        .map(String::trim)
                        .map(Integer::valueOf)
                        .toList(),
                integer("rounds", smoke ? 1 : 4),
                Duration.ofMillis(integer("round.millis", smoke ? 300 : 1_250)),
                Duration.ofMillis(integer("warmup.millis", smoke ? 200 : 1_000)),
                integer("new.users", smoke ? 200 : 1_200),
                integer("startups", smoke ? 1 : 3),
                Duration.ofMinutes(integer("time.limit.minutes", smoke ? 15 : 25)),
                Duration.ofMillis(integer("jit.warmup.millis", smoke ? 0 : 1_500)),
                Arrays.stream(property("only", "").split(","))
                        .map(String::trim)
                        .filter(id -> !id.isEmpty())
                        .toList(),
                smoke
                        ? Path.of(property("target.dir", "target"), "benchmark-smoke.md")
                        : Path.of(property("results.dir", "results"), "full-run.md"),
                Path.of(property("work.dir", "target/bench/work")));
    }

    /** {@code bench.<name>}, or {@code preset} when unset or empty (Maven passes empty properties through). */
    private static String property(String name, String preset) {
        String value = System.getProperty("bench." + name, "").trim();
        return value.isEmpty() ? preset : value;
    }

    private static int integer(String name, int preset) {
        return Integer.parseInt(property(name, String.valueOf(preset)));
    }

    /** Whether the comparison (or scenario 6, "6") with this id runs: all do unless {@code bench.only} lists ids. */
    public boolean runs(String id) {
        return only.isEmpty() || only.contains(id);
    }

    public boolean smoke() {
        return mode.equals("smoke");
    }

    /** The concurrency at which the targets are stated (8), or the nearest level this run has. */
    public int targetConcurrency() {
        return concurrencyLevels.stream()
                .min((a, b) -> Integer.compare(Math.abs(a - 8), Math.abs(b - 8)))
                .orElseThrow();
    }
}
