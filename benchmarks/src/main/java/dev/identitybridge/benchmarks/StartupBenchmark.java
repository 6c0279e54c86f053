package dev.identitybridge.benchmarks;

import dev.identitybridge.it.harness.KeycloakServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario 6: Keycloak's start-up with and without the bundle. Two copies of the distribution, each built once
 * ({@code kc.sh build}), each with its own empty PostgreSQL database, started once unmeasured (schema creation),
 * then started and stopped alternately; measured are the wall time from launching {@code kc.sh start --optimized}
 * to the first 200 of {@code /realms/master}, and the time Quarkus itself reports ("started in").
 */
public final class StartupBenchmark {

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    public record Distribution(String name, Path home, List<String> options) {}

    public record Result(String variant, double[] wallSeconds, double[] quarkusSeconds) {
        double medianWall() {
            return median(wallSeconds);
        }

        double medianQuarkus() {
            return median(quarkusSeconds);
        }
    }

    private final int repetitions;
    private final Path workDir;

    public StartupBenchmark(int repetitions, Path workDir) {
        this.repetitions = repetitions;
        this.workDir = workDir;
    }

    /** Results in the order of {@code distributions}, the first being the baseline. */
    public List<Result> run(List<Distribution> distributions) throws Exception {
        for (Distribution v : distributions) {
            System.out.println("Start-up: first start of " + v.name() + " (creates the schema, not measured)");
            KeycloakServer.startOptimized(v.home(), workDir.resolve("startup-" + slug(v) + "-initial"), v.options())
                    .close();
        }
        List<List<double[]>> samples = new ArrayList<>();
        distributions.forEach(v -> samples.add(new ArrayList<>()));
        for (int r = 0; r < repetitions; r++) {
            for (int i = 0; i < distributions.size(); i++) {
                int index = (r + i) % distributions.size();
                Distribution v = distributions.get(index);
                Path dir = workDir.resolve("startup-" + slug(v) + "-" + r);
                KeycloakServer server = KeycloakServer.startOptimized(v.home(), dir, v.options());
                double wall = server.startTime().toNanos() / 1e9;
                server.close();
                samples.get(index).add(new double[] {wall, quarkusStartSeconds(server.logFile())});
                System.out.printf(
                        Locale.ROOT,
                        "Start-up %s: %.2f s (Quarkus: %.2f s)%n",
                        v.name(),
                        wall,
                        samples.get(index).get(r)[1]);
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < distributions.size(); i++) {
            results.add(new Result(
                    distributions.get(i).name(),
                    samples.get(i).stream().mapToDouble(s -> s[0]).toArray(),
                    samples.get(i).stream().mapToDouble(s -> s[1]).toArray()));
        }
        return results;
    }

    private static String slug(Distribution distribution) {
        return distribution.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    private static double quarkusStartSeconds(Path log) throws java.io.IOException {
        Matcher m = STARTED_IN.matcher(Files.readString(log));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
