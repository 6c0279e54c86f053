package dev.identitybridge.keycloak.users.jdbc;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The parameters a realm admin may put into one dialect's JDBC URL, each with the values it accepts, and the check of
 * a URL's parameters against them. Everything not listed is refused: driver parameters name classes to load (socket,
 * SSL and logger factories, interceptors), files to read or write (logger files, key stores, local infile), or
 * settings that run SQL. Names are matched case-insensitively (a case variant of a harmless name is as harmless).
 * Each dialect's list is a vendor fact: {@link Dialect#urlParameters()}.
 *
 * @param valuePatterns the allowed names (case-insensitive order) and the pattern of each one's value
 */
record UrlParameterRules(Map<String, Pattern> valuePatterns) {

    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    UrlParameterRules {
        Map<String, Pattern> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(valuePatterns);
        valuePatterns = java.util.Collections.unmodifiableMap(caseInsensitive);
    }

    /** The rules of {@code name1, pattern1, name2, pattern2, …}. */
    static UrlParameterRules of(Object... nameAndPattern) {
        Map<String, Pattern> rules = new LinkedHashMap<>();
        for (int i = 0; i < nameAndPattern.length; i += 2) {
            rules.put((String) nameAndPattern[i], (Pattern) nameAndPattern[i + 1]);
        }
        return new UrlParameterRules(rules);
    }

    /** The value pattern of an allowed parameter, or empty when the parameter is not allowed. */
    Optional<Pattern> valuePattern(String name) {
        return Optional.ofNullable(valuePatterns.get(name));
    }

    /** The allowed names, for messages. */
    String allowedNames() {
        return String.join(", ", valuePatterns.keySet());
    }

    /** Parameter names that carry credentials: refused with a message that points to the user and password fields. */
    static boolean isCredential(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("user") || lower.equals("username") || lower.contains("password") || lower.equals("pwd");
    }

    /**
     * Checks the parameters {@code text} of a {@code database} URL ({@code name=value} pairs separated by
     * {@code separator}) against these rules.
     *
     * @return the parameters in URL order
     * @throws dev.identitybridge.keycloak.users.config.InvalidConfigException naming the offending parameter, never
     *         its value
     */
    Map<String, String> check(String text, char separator, String database) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return parameters;
        }
        for (String pair : text.split(Pattern.quote(String.valueOf(separator)), -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (equals < 0 || !PARAMETER_NAME.matcher(name).matches()) {
                throw JdbcUrl.refused("parameters must be name=value pairs separated by '" + separator + "'");
            }
            if (isCredential(name)) {
                throw JdbcUrl.refused("credentials in the URL (" + name
                        + "=) are not accepted: use the Database user and " + "Database password fields");
            }
            Optional<Pattern> rule = valuePattern(name);
            if (rule.isEmpty()) {
                throw JdbcUrl.refused("parameter '" + name + "' is not allowed in a " + database + " URL (allowed: "
                        + allowedNames() + ")");
            }
            if (!rule.get().matcher(pair.substring(equals + 1)).matches()) {
                throw JdbcUrl.refused("the value of parameter '" + name + "' is not accepted");
            }
            if (parameters.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                throw JdbcUrl.refused("parameter '" + name + "' is given twice");
            }
            parameters.put(name, pair.substring(equals + 1));
        }
        return parameters;
    }
}
