package dev.identitybridge.keycloak.users.config;

import java.time.Duration;

/**
 * How to reach the app database. {@code passwordExpression} is the raw configured value, which may be a
 * {@code ${vault.key}} reference; it is resolved only when a pool is built.
 */
public record ConnectionSettings(String jdbcUrl, String user, String passwordExpression,
                                 int poolMinSize, int poolMaxSize, Duration acquisitionTimeout) {

    /**
     * Whether the JDBC URL is a {@code ${NAME:default}} placeholder that nobody resolved: Keycloak replaces those
     * only when it imports realm files at start-up ({@code --import-realm}, {@code kc.sh import}), not when a realm
     * is created from a file through the admin API. Such a component is stored but has no database until an admin
     * enters the URL.
     */
    public boolean unresolvedPlaceholder() {
        return isPlaceholder(jdbcUrl);
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
        return "ConnectionSettings[jdbcUrl=" + Redaction.jdbcUrl(jdbcUrl) + ", user=" + user + ", pool=" + poolMinSize + ".."
                + poolMaxSize + ", acquisitionTimeout=" + acquisitionTimeout + "]";
    }
}
