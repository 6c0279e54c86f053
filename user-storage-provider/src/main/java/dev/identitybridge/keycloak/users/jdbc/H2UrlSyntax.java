package dev.identitybridge.keycloak.users.jdbc;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A vendor fact of {@link Dialect}, reached only through it ({@link Dialect#urlSyntax()}): H2's URL forms
 * {@code jdbc:h2:tcp://host[:port]/path}, {@code jdbc:h2:ssl://…} (a remote H2 server) or {@code jdbc:h2:[file:]path}
 * (an embedded file database), each with {@code ;KEY=value} settings. In-memory databases ({@code mem:}) are refused:
 * they are shared with everything else in Keycloak's JVM, Keycloak's own development database included; so are H2's
 * other file systems ({@code zip:}, {@code split:}, {@code nio:}, …).
 */
final class H2UrlSyntax implements UrlSyntax {

    static final H2UrlSyntax INSTANCE = new H2UrlSyntax();

    private static final Pattern REMOTE_PATH = Pattern.compile("[A-Za-z0-9_./~:-]{1,255}");
    private static final Pattern FILE_PATH = Pattern.compile("[A-Za-z0-9_./~-]{1,255}");

    private H2UrlSyntax() {}

    @Override
    public JdbcUrl parse(Dialect dialect, String rest) {
        int settingsStart = rest.indexOf(';');
        String location = settingsStart < 0 ? rest : rest.substring(0, settingsStart);
        Map<String, String> settings = dialect.urlParameters()
                .check(settingsStart < 0 ? "" : rest.substring(settingsStart + 1), ';', dialect.displayName());
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tcp://") || lower.startsWith("ssl://")) {
            String afterSlashes = location.substring(6);
            int slash = afterSlashes.indexOf('/');
            if (slash < 0) {
                throw JdbcUrl.refused("an H2 server URL is jdbc:h2:tcp://host[:port]/path");
            }
            UrlAuthority hostPort = UrlAuthority.parse(afterSlashes.substring(0, slash));
            String path = afterSlashes.substring(slash + 1);
            if (!REMOTE_PATH.matcher(path).matches()) {
                throw JdbcUrl.refused("the H2 database path may only hold letters, digits and _ . / ~ : -");
            }
            return new JdbcUrl(dialect, hostPort.host(), hostPort.portOr(dialect.defaultPort()), path, settings);
        }
        if (lower.startsWith("mem:")) {
            throw JdbcUrl.refused(
                    "in-memory H2 databases (jdbc:h2:mem:) are not accepted: they are shared with the rest of "
                            + "Keycloak's JVM. Use an H2 server (jdbc:h2:tcp://…) or a file database in the directory the "
                            + "operator allowed");
        }
        String path = lower.startsWith("file:") ? location.substring(5) : location;
        if (!FILE_PATH.matcher(path).matches()) {
            throw JdbcUrl.refused(
                    "an H2 database is jdbc:h2:tcp://host[:port]/path, jdbc:h2:ssl://… or jdbc:h2:file:path; "
                            + "the path may only hold letters, digits and _ . / ~ - (no other H2 file systems)");
        }
        return new JdbcUrl(dialect, null, 0, path, settings);
    }
}
