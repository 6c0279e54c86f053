package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.ConnectionSettings;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the operator allows components to connect to: the server-wide options of the {@code external-users}
 * provider ({@code spi-storage--external-users--<option>}), read once at start-up.
 *
 * The option names and the record components named after them are the operator's API; which databases they
 * concern is a fact of the {@link Dialect} ({@link Dialect#needsOperatorOptIn()}, {@link JdbcUrl#embedded()}).
 *
 * @param allowH2      URLs of a database that needs the operator's opt-in are accepted at all (option
 *                     {@value #ALLOW_H2}, default false)
 * @param h2Directory  embedded database files must lie below this directory (option {@value #H2_DIRECTORY});
 *                     empty: embedded databases are refused (database servers may still be allowed)
 * @param allowedHosts the hosts (optionally host:port) components may connect to (option {@value #ALLOWED_HOSTS});
 *                     empty: any host
 * @param allowedDatasources the operator-defined datasources ({@code db-kind-<name>} in Keycloak's configuration)
 *                     components may name instead of a JDBC URL (option {@value #ALLOWED_DATASOURCES}); empty: none
 */
public record ConnectionPolicy(
        boolean allowH2, Optional<Path> h2Directory, List<HostRule> allowedHosts, Set<String> allowedDatasources) {

    public static final String ALLOW_H2 = "allow-h2";
    public static final String H2_DIRECTORY = "h2-directory";
    public static final String ALLOWED_HOSTS = "allowed-hosts";
    public static final String ALLOWED_DATASOURCES = "allowed-datasources";
    public static final String OPTION_PREFIX = "spi-storage--external-users--";

    private static final Pattern HOST_RULE = Pattern.compile("(\\[[0-9a-f:.]+]|[a-z0-9.-]+)(?::(\\d{1,5}))?");

    /** One allowed host; {@code port} 0 means any port. */
    public record HostRule(String host, int port) {
        boolean matches(String otherHost, int otherPort) {
            return host.equals(otherHost) && (port == 0 || port == otherPort);
        }
    }

    public ConnectionPolicy {
        allowedHosts = List.copyOf(allowedHosts);
        allowedDatasources = Set.copyOf(allowedDatasources);
    }

    /** The policy of a server without any option: no database that needs the opt-in, any host. */
    public static ConnectionPolicy defaults() {
        return new ConnectionPolicy(false, Optional.empty(), List.of(), Set.of());
    }

    /**
     * Reads the options ({@code option} returns null when unset).
     *
     * @throws IllegalArgumentException naming the option when a value is malformed (Keycloak then refuses to start)
     */
    public static ConnectionPolicy parse(Function<String, String> option) {
        boolean allowH2 = bool(option, ALLOW_H2);
        Optional<Path> h2Directory = Optional.ofNullable(option.apply(H2_DIRECTORY))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .map(v -> Path.of(v).toAbsolutePath().normalize());
        String hosts =
                Optional.ofNullable(option.apply(ALLOWED_HOSTS)).orElse("").trim();
        List<HostRule> rules = hosts.isEmpty()
                ? List.of()
                : Arrays.stream(hosts.split(","))
                        .map(String::trim)
                        .map(ConnectionPolicy::hostRule)
                        .toList();
        Set<String> datasources = Arrays.stream(Optional.ofNullable(option.apply(ALLOWED_DATASOURCES))
                        .orElse("")
                        .split(","))
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new ConnectionPolicy(allowH2, h2Directory, rules, datasources);
    }

    private static boolean bool(Function<String, String> option, String name) {
        String value = Optional.ofNullable(option.apply(name)).orElse("false").trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalidOption(name, "must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static HostRule hostRule(String text) {
        Matcher matcher = HOST_RULE.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw invalidOption(ALLOWED_HOSTS, "'" + text + "' is not host or host:port");
        }
        String host = matcher.group(1).startsWith("[")
                ? matcher.group(1).substring(1, matcher.group(1).length() - 1)
                : matcher.group(1);
        int port = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        if (matcher.group(2) != null && (port < 1 || port > 65535)) {
            throw invalidOption(ALLOWED_HOSTS, "port of '" + text + "' must be between 1 and 65535");
        }
        return new HostRule(host, port);
    }

    private static IllegalArgumentException invalidOption(String name, String reason) {
        return new IllegalArgumentException("Invalid option " + OPTION_PREFIX + name + ": " + reason);
    }

    /**
     * Checks where the component connects: the operator datasource it names against {@link #allowedDatasources},
     * or its JDBC URL ({@link #check(String)}). Nothing is opened.
     *
     * @throws InvalidConfigException with an admin-readable message
     */
    public void check(ConnectionSettings connection) {
        if (!connection.operatorDatasource()) {
            check(connection.jdbcUrl());
        } else if (!allowedDatasources.contains(connection.datasource())) {
            throw new InvalidConfigException("Datasource '" + connection.datasource()
                    + "' refused: it is not among the " + "datasources the operator allows components to use (option "
                    + OPTION_PREFIX + ALLOWED_DATASOURCES + ").");
        }
    }

    /**
     * Parses {@code url} and checks it against this policy: the URL's form ({@link JdbcUrl#parse}), the opt-in of a
     * database that can run inside Keycloak ({@link Dialect#needsOperatorOptIn()}), the directory of embedded
     * database files, the host allow-list. Nothing is opened.
     *
     * @throws InvalidConfigException with an admin-readable message
     */
    public JdbcUrl check(String url) {
        JdbcUrl parsed = JdbcUrl.parse(url);
        String database = parsed.dialect().displayName();
        if (parsed.dialect().needsOperatorOptIn() && !allowH2) {
            throw new InvalidConfigException("JDBC URL refused: " + database + " is not enabled on this server (the "
                    + "operator enables it with the option " + OPTION_PREFIX + ALLOW_H2 + "=true).");
        }
        if (parsed.embedded()) {
            checkEmbeddedFile(database, parsed.path());
        } else if (!allowedHosts.isEmpty()
                && allowedHosts.stream().noneMatch(r -> r.matches(parsed.host(), parsed.port()))) {
            throw new InvalidConfigException("JDBC URL refused: host " + parsed.host() + ":" + parsed.port()
                    + " is not among the database hosts the operator allows.");
        }
        return parsed;
    }

    private void checkEmbeddedFile(String database, String path) {
        if (h2Directory.isEmpty()) {
            throw new InvalidConfigException(
                    "JDBC URL refused: embedded " + database + " file databases are not enabled "
                            + "on this server (the operator names their directory with the option " + OPTION_PREFIX
                            + H2_DIRECTORY
                            + ").");
        }
        Path file = (path.startsWith("~")
                        ? Path.of(System.getProperty("user.home") + path.substring(1))
                        : Path.of(path))
                .toAbsolutePath()
                .normalize();
        if (!file.startsWith(h2Directory.get()) || file.equals(h2Directory.get())) {
            throw new InvalidConfigException("JDBC URL refused: an embedded " + database + " database must lie in the "
                    + "directory the operator allowed (" + OPTION_PREFIX + H2_DIRECTORY + ").");
        }
    }
}
