package dev.identitybridge.keycloak.users.config;

import java.time.Duration;

/**
 * How to reach the app database. {@code passwordExpression} is the raw configured value, which may be a
 * {@code ${vault.key}} reference; it is resolved only when a pool is built.
 */
public record ConnectionSettings(String jdbcUrl, String user, String passwordExpression,
                                 int poolMinSize, int poolMaxSize, Duration acquisitionTimeout) {

    /** Safe to log: no password, and the JDBC URL without credentials or parameters ({@link Redaction#jdbcUrl}). */
    @Override
    public String toString() {
        return "ConnectionSettings[jdbcUrl=" + Redaction.jdbcUrl(jdbcUrl) + ", user=" + user + ", pool=" + poolMinSize + ".."
                + poolMaxSize + ", acquisitionTimeout=" + acquisitionTimeout + "]";
    }
}
