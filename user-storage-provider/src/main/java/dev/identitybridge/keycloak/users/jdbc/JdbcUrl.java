package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.util.Map;

/**
 * A JDBC URL taken apart and checked against what a realm admin may configure, before any driver sees it. How a
 * URL is written and which parameters it may carry are facts of its {@link Dialect} ({@link Dialect#urlSyntax()},
 * {@link Dialect#urlParameters()}); no {@code user:password@}, no credential parameters, no multi-host or key-value
 * host forms in any of them.
 * Whether a dialect needs the operator's opt-in, where embedded database files may live and which hosts may be used
 * is the operator's {@link ConnectionPolicy}. Messages name the offending part but never echo a parameter's value.
 *
 * @param host  lower-cased host (IPv6 without brackets); {@code null} for an embedded file database
 * @param port  the port, the dialect's default one when the URL has none; 0 for an embedded database
 * @param path  the database name (network dialects), the remote path (database server) or the file path (embedded)
 */
public record JdbcUrl(Dialect dialect, String host, int port, String path, Map<String, String> parameters) {

    public JdbcUrl {
        parameters = Map.copyOf(parameters);
    }

    /** Is this an embedded database (a file on the Keycloak host)? */
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
            throw refused("it contains spaces, control or non-ASCII characters");
        }
        return dialect.urlSyntax().parse(dialect, rest);
    }

    /** The admin-readable refusal of a URL, for the parts that check one. */
    static InvalidConfigException refused(String reason) {
        return new InvalidConfigException("JDBC URL refused: " + reason + ".");
    }
}
