package dev.identitybridge.keycloak.users.jdbc;

import java.util.regex.Pattern;

/**
 * The network URL form {@code <prefix>//host[:port]/[database][?name=value&...]}: one checked {@link UrlAuthority},
 * a plain database name and only the dialect's {@link Dialect#urlParameters()}; no failover, replication,
 * load-balance or other URL modes (they are written {@code <prefix><mode>://…}).
 */
final class HostPortUrlSyntax implements UrlSyntax {

    static final HostPortUrlSyntax INSTANCE = new HostPortUrlSyntax();

    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_.$-]{0,128}");

    private HostPortUrlSyntax() {}

    @Override
    public JdbcUrl parse(Dialect dialect, String rest) {
        if (!rest.startsWith("//")) {
            throw JdbcUrl.refused("use " + dialect.urlPrefix() + "//host[:port]/database (an explicit host; no "
                    + "failover, replication, load-balance or other " + dialect.displayName() + " URL modes)");
        }
        String afterSlashes = rest.substring(2);
        int authorityEnd = indexOfAny(afterSlashes, "/?");
        String authority = authorityEnd < 0 ? afterSlashes : afterSlashes.substring(0, authorityEnd);
        String tail = authorityEnd < 0 ? "" : afterSlashes.substring(authorityEnd);
        UrlAuthority hostPort = UrlAuthority.parse(authority);
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
            throw JdbcUrl.refused("the database name may only hold letters, digits and _ . $ -");
        }
        return new JdbcUrl(
                dialect,
                hostPort.host(),
                hostPort.portOr(dialect.defaultPort()),
                database,
                dialect.urlParameters().check(query, '&', dialect.displayName()));
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
