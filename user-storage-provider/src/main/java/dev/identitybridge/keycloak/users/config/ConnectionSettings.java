package dev.identitybridge.keycloak.users.config;

import java.time.Duration;

/**
 * How to reach the app database: either a JDBC URL with its own pool, or ({@code datasource} not null) a datasource
 * the operator declared in Keycloak's configuration ({@code db-kind-<name>}, ...), whose URL, credentials and pool
 * belong to the operator; {@code jdbcUrl} is then empty and the pool settings are unused.
 * {@code passwordExpression} is the raw configured value, which may be a {@code ${vault.key}} reference; it is
 * resolved only when a pool is built.
 */
public record ConnectionSettings(
        String jdbcUrl,
        String user,
        String passwordExpression,
        int poolMinSize,
        int poolMaxSize,
        Duration acquisitionTimeout,
        String datasource) {

    /** Settings with a JDBC URL of the component's own. */
    public ConnectionSettings(
            String jdbcUrl,
            String user,
            String passwordExpression,
            int poolMinSize,
            int poolMaxSize,
            Duration acquisitionTimeout) {
        this(jdbcUrl, user, passwordExpression, poolMinSize, poolMaxSize, acquisitionTimeout, null);
    }

    /** Whether the connections come from an operator-defined datasource instead of a pool of the component's own. */
    public boolean operatorDatasource() {
        return datasource != null;
    }

    /**
     * Whether the JDBC URL is a {@code ${NAME:default}} placeholder that nobody resolved: Keycloak replaces those
     * only when it imports realm files at start-up ({@code --import-realm}, {@code kc.sh import}), not when a realm
     * is created from a file through the admin API. Such a component is stored but has no database until an admin
     * enters the URL.
     */
    public boolean unresolvedPlaceholder() {
        return datasource == null && isPlaceholder(jdbcUrl);
    }

    static boolean isPlaceholder(String value) {
        return value.startsWith("${") && value.endsWith("}");
    }

    /** The placeholder's variable name, safe to log (its default value may carry credentials). */
    public String placeholderName() {
        String inner = jdbcUrl.substring(2, jdbcUrl.length() - 1);
        int colon = inner.indexOf(':');
        return colon < 0 ? inner : inner.substring(0, colon);
    }

    /** Safe to log: no password, and the JDBC URL without credentials or parameters ({@link Redaction#jdbcUrl}). */
    @Override
    public String toString() {
        if (datasource != null) {
            return "ConnectionSettings[datasource=" + datasource + "]";
        }
        return "ConnectionSettings[jdbcUrl=" + Redaction.jdbcUrl(jdbcUrl) + ", user=" + user + ", pool=" + poolMinSize
                + ".." + poolMaxSize + ", acquisitionTimeout=" + acquisitionTimeout + "]";
    }
}
