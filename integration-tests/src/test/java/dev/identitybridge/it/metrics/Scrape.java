package dev.identitybridge.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One scrape of Keycloak's {@code /metrics} (Prometheus text format), parsed into samples. */
final class Scrape {

    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LINE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<Sample> samples;

    private Scrape(List<Sample> samples) {
        this.samples = samples;
    }

    static Scrape of(KeycloakServer server) {
        HttpResponse<String> response = Http.send(
                Http.client(),
                HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics"))
                        .timeout(Http.TIMEOUT)
                        .GET()
                        .build());
        assertThat(response.statusCode())
                .as("GET /metrics on the management port")
                .isEqualTo(200);
        return parse(response.body());
    }

    static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(
                    new Sample(m.group(1), labels, Double.parseDouble(m.group(3).replace("+Inf", "Infinity"))));
        }
        return new Scrape(samples);
    }

    /** The names of every sample, each once. */
    Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }

    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /**
     * The sum of the samples of {@code name} whose labels include {@code labels} (pairs of name and value); 0 when
     * there are none.
     */
    double sum(String name, String... labels) {
        return named(name).stream()
                .filter(s -> matches(s, labels))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** The one sample of {@code name} with {@code labels}; fails when there is none or more than one. */
    double value(String name, String... labels) {
        List<Sample> found =
                named(name).stream().filter(s -> matches(s, labels)).toList();
        assertThat(found).as("%s%s in the scrape", name, List.of(labels)).hasSize(1);
        return found.get(0).value();
    }

    private static boolean matches(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
