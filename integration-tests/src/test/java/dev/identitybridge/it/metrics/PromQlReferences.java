package dev.identitybridge.it.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one PromQL expression (or Grafana {@code label_values(...)} query) needs from a scrape: the Identity Bridge
 * metric selectors with their label matchers, and the labels it groups or joins by. A parser of just that much PromQL,
 * not of all of it: enough to fail when a dashboard or rule names a metric or label the server does not publish.
 */
record PromQlReferences(String expression, List<Selector> selectors, Set<String> groupingLabels) {

    /** One matcher of a selector: {@code label op "value"}, with op one of {@code = != =~ !~}. */
    record Matcher(String label, String op, String value) {

        /** Grafana variables ({@code $component}) stand for whatever the server has. */
        boolean isTemplate() {
            return value.contains("$");
        }
    }

    record Selector(String metric, List<Matcher> matchers) {}

    private static final Pattern SELECTOR = Pattern.compile("\\b(identity_bridge_[a-zA-Z0-9_]+)\\s*(\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*[^,]*?,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

    static PromQlReferences of(String expression) {
        List<Selector> selectors = new ArrayList<>();
        java.util.regex.Matcher s = SELECTOR.matcher(expression);
        while (s.find()) {
            List<Matcher> matchers = new ArrayList<>();
            if (s.group(3) != null) {
                java.util.regex.Matcher m = MATCHER.matcher(s.group(3));
                while (m.find()) {
                    matchers.add(new Matcher(m.group(1), m.group(2), m.group(3)));
                }
            }
            selectors.add(new Selector(s.group(1), matchers));
        }
        Set<String> grouping = new LinkedHashSet<>();
        for (Pattern pattern : new Pattern[] {GROUPING, LABEL_VALUES}) {
            java.util.regex.Matcher g = pattern.matcher(expression);
            while (g.find()) {
                for (String label : g.group(1).split(",")) {
                    if (!label.isBlank()) {
                        grouping.add(label.trim());
                    }
                }
            }
        }
        return new PromQlReferences(expression, selectors, grouping);
    }
}
