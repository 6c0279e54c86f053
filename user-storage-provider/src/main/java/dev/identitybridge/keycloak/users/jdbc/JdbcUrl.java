package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDBC URL taken apart and checked against what a realm admin may configure, before any driver sees it:
 * <ul>
 *   <li>PostgreSQL, MariaDB, MySQL: {@code jdbc:<kind>://host[:port]/[database][?name=value&...]} with one host
 *   (name, IPv4 or bracketed IPv6), no {@code user:password@}, no key-value or {@code address=(…)} host forms, no
 *   failover/replication/load-balance modes, and only the parameters of {@link UrlParameterRules};</li>
 *   <li>H2: {@code jdbc:h2:tcp://host[:port]/path}, {@code jdbc:h2:ssl://…} (a remote H2 server) or
 *   {@code jdbc:h2:[file:]path} (an embedded file database), with only the settings of {@link UrlParameterRules}.
 *   In-memory databases ({@code mem:}) are refused: they are shared with everything else in Keycloak's JVM,
 *   Keycloak's own development database included.</li>
 * </ul>
 * Whether H2 is allowed at all, where H2 files may live and which hosts may be used is the operator's
 * {@link ConnectionPolicy}. Messages name the offending part but never echo a parameter's value.
 *
 * @param host  lower-cased host (IPv6 without brackets); {@code null} for an embedded H2 file database
 * @param port  the port, the dialect's default one when the URL has none; 0 for an embedded H2 database
 * @param path  the database name (network dialects), the remote path (H2 server) or the file path (embedded H2)
 */
public record JdbcUrl(Dialect dialect, String host, int port, String path, Map<String, String> parameters) {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]{2,45})]");
    private static final Pattern AUTHORITY = Pattern.compile("(" + HOST_NAME.pattern() + "|" + IPV6.pattern() + ")(?::(\\d{1,5}))?");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_.$-]{0,128}");
    private static final Pattern H2_REMOTE_PATH = Pattern.compile("[A-Za-z0-9_./~:-]{1,255}");
    private static final Pattern H2_FILE_PATH = Pattern.compile("[A-Za-z0-9_./~-]{1,255}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    public JdbcUrl {
        parameters = Map.copyOf(parameters);
    }

    /** Is this an embedded H2 database (a file on the Keycloak host)? */
    public boolean embedded() {
        return host == null;
    }

    /**
     * Parses and checks {@code url}.
     *
     * @throws InvalidConfigException with an admin-readable message when the URL is not of an accepted form
     */
    public static JdbcUrl parse(String url) {
        Dialect dialect = Dialect.fromJdbcUrl(url);
        String rest = url.substring(dialect.urlPrefix().length());
        if (rest.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw invalid("it contains spaces, control or non-ASCII characters");
        }
        return dialect == Dialect.H2 ? parseH2(rest) : parseNetwork(dialect, rest);
    }

    private static JdbcUrl parseNetwork(Dialect dialect, String rest) {
        String kind = dialect.displayName();
        if (!rest.startsWith("//")) {
            throw invalid("use " + dialect.urlPrefix() + "//host[:port]/database (an explicit host; no "
                    + "failover, replication, load-balance or other " + kind + " URL modes)");
        }
        String afterSlashes = rest.substring(2);
        int authorityEnd = indexOfAny(afterSlashes, "/?");
        String authority = authorityEnd < 0 ? afterSlashes : afterSlashes.substring(0, authorityEnd);
        String tail = authorityEnd < 0 ? "" : afterSlashes.substring(authorityEnd);
        Matcher hostPort = checkedAuthority(authority);
        String database = "";
        String query = "";
        if (tail.startsWith("/")) {
            int queryStart = tail.indexOf('?');
            database = queryStart < 0 ? tail.substring(1) : tail.substring(1, queryStart);
            query = queryStart < 0 ? "" : tail.substring(queryStart + 1);
        } else if (tail.startsWith("?")) {
            query = tail.substring(1);
        }
        if (!DATABASE.matcher(database).matches()) {
            throw invalid("the database name may only hold letters, digits and _ . $ -");
        }
        return new JdbcUrl(dialect, host(hostPort), port(hostPort, dialect.defaultPort()), database,
                parameters(dialect, query, '&'));
    }

    private static JdbcUrl parseH2(String rest) {
        int settingsStart = rest.indexOf(';');
        String location = settingsStart < 0 ? rest : rest.substring(0, settingsStart);
        Map<String, String> settings = parameters(Dialect.H2, settingsStart < 0 ? "" : rest.substring(settingsStart + 1), ';');
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp://") || lower.startsWith("ssl://")) {
            String afterSlashes = location.substring(6);
            int slash = afterSlashes.indexOf('/');
            if (slash < 0) {
                throw invalid("an H2 server URL is jdbc:h2:tcp://host[:port]/path");
            }
            Matcher hostPort = checkedAuthority(afterSlashes.substring(0, slash));
            String path = afterSlashes.substring(slash + 1);
            if (!H2_REMOTE_PATH.matcher(path).matches()) {
                throw invalid("the H2 database path may only hold letters, digits and _ . / ~ : -");
            }
            return new JdbcUrl(Dialect.H2, host(hostPort), port(hostPort, Dialect.H2.defaultPort()), path, settings);
        }
        if (lower.startsWith("mem:")) {
            throw invalid("in-memory H2 databases (jdbc:h2:mem:) are not accepted: they are shared with the rest of "
                    + "Keycloak's JVM. Use an H2 server (jdbc:h2:tcp://…) or a file database in the directory the "
                    + "operator allowed");
        }
        String path = lower.startsWith("file:") ? location.substring(5) : location;
        if (!H2_FILE_PATH.matcher(path).matches()) {
            throw invalid("an H2 database is jdbc:h2:tcp://host[:port]/path, jdbc:h2:ssl://… or jdbc:h2:file:path; "
                    + "the path may only hold letters, digits and _ . / ~ - (no other H2 file systems)");
        }
        return new JdbcUrl(Dialect.H2, null, 0, path, settings);
    }

    private static Matcher checkedAuthority(String authority) {
        if (authority.contains("@")) {
            throw invalid("credentials in the URL (user:password@) are not accepted: use the Database user and "
                    + "Database password fields");
        }
        if (authority.contains("(") || authority.toLowerCase(Locale.ROOT).startsWith("address=")) {
            throw invalid("key-value host forms ((host=…,…) and address=(…)) are not accepted: use //host:port/database");
        }
        if (authority.contains(",")) {
            throw invalid("one host only: multi-host URLs are not accepted");
        }
        Matcher matcher = AUTHORITY.matcher(authority);
        if (!matcher.matches()) {
            throw invalid("the host must be a host name, an IPv4 address or a bracketed IPv6 address, optionally "
                    + "followed by :port");
        }
        if (matcher.group(3) != null) {
            int port = Integer.parseInt(matcher.group(3));
            if (port < 1 || port > 65535) {
                throw invalid("the port must be between 1 and 65535");
            }
        }
        return matcher;
    }

    private static String host(Matcher hostPort) {
        String ipv6 = hostPort.group(2);
        return (ipv6 != null ? ipv6 : hostPort.group(1)).toLowerCase(Locale.ROOT);
    }

    private static int port(Matcher hostPort, int defaultPort) {
        return hostPort.group(3) == null ? defaultPort : Integer.parseInt(hostPort.group(3));
    }

    private static Map<String, String> parameters(Dialect dialect, String text, char separator) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return parameters;
        }
        for (String pair : text.split(Pattern.quote(String.valueOf(separator)), -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (equals < 0 || !PARAMETER_NAME.matcher(name).matches()) {
                throw invalid("parameters must be name=value pairs separated by '" + separator + "'");
            }
            if (UrlParameterRules.isCredential(name)) {
                throw invalid("credentials in the URL (" + name + "=) are not accepted: use the Database user and "
                        + "Database password fields");
            }
            Optional<Pattern> rule = UrlParameterRules.valuePattern(dialect, name);
            if (rule.isEmpty()) {
                throw invalid("parameter '" + name + "' is not allowed in a " + dialect.displayName() + " URL (allowed: "
                        + UrlParameterRules.allowedNames(dialect) + ")");
            }
            if (!rule.get().matcher(pair.substring(equals + 1)).matches()) {
                throw invalid("the value of parameter '" + name + "' is not accepted");
            }
            if (parameters.keySet().stream().anyMatch(name::equalsIgnoreCase)) {
                throw invalid("parameter '" + name + "' is given twice");
            }
            parameters.put(name, pair.substring(equals + 1));
        }
        return parameters;
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidConfigException invalid(String reason) {
        return new InvalidConfigException("JDBC URL refused: " + reason + ".");
    }
}
