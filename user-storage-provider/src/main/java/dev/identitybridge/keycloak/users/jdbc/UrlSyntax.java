package dev.identitybridge.keycloak.users.jdbc;

/** How a dialect's JDBC URLs are written: takes the part after the dialect's prefix apart and checks it. */
interface UrlSyntax {

    /**
     * Parses and checks {@code rest}, the URL after {@link Dialect#urlPrefix()} (already free of spaces, control and
     * non-ASCII characters).
     *
     * @throws dev.identitybridge.keycloak.users.config.InvalidConfigException with an admin-readable message that
     *         never echoes a parameter's value
     */
    JdbcUrl parse(Dialect dialect, String rest);
}
