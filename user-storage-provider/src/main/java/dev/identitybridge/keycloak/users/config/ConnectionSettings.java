package dev.identitybridge.keycloak.users.config;

import java.time.Duration;

/**
 * How to reach the app database. {@code passwordExpression} is the raw configured value, which may be a
 * {@code ${vault.key}} reference; it is resolved only when a pool is built.
 */
public record ConnectionSettings(String jdbcUrl, String user, String passwordExpression,
                                 int poolMinSize, int poolMaxSize, Duration acquisitionTimeout) {

    /** Safe to log: no password, and the JDBC URL without its parameters (which may carry credentials). */
    @Override
    public String toString() {
        return "ConnectionSettings[jdbcUrl=" + redactedUrl() + ", user=" + user + ", pool=" + poolMinSize + ".." + poolMaxSize
                + ", acquisitionTimeout=" + acquisitionTimeout + "]";
    }

    private String redactedUrl() {
        String url = jdbcUrl.replaceFirst("//[^/@?;]*@", "//***@"); // user:password@host (MySQL style)
        int end = url.length();
        for (char separator : new char[]{'?', ';', '&'}) {
            int at = url.indexOf(separator);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return end < url.length() ? url.substring(0, end) + "?…" : url;
    }
}
