package dev.identitybridge.it.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A schema of its own in the PostgreSQL server given by {@code it.postgres.url}. */
public final class PostgresAppDatabase extends AppDatabase {

    private static final String DEFAULT_SCHEMA = "identity_bridge_it";

    private final String serverUrl = System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String schemaName;
    private final String keycloakApplicationName;

    public PostgresAppDatabase() {
        this(DEFAULT_SCHEMA);
    }

    /** A suite's own schema, so that suites never drop each other's tables. */
    public PostgresAppDatabase(String schema) {
        this.schemaName = schema;
        this.keycloakApplicationName =
                DEFAULT_SCHEMA.equals(schema) ? "identity-bridge-keycloak-it" : "ib-kc-" + schema;
    }

    @Override
    public String keycloakJdbcUrl() {
        return serverUrl + "?currentSchema=" + schemaName + "&ApplicationName=" + keycloakApplicationName;
    }

    @Override
    public String user() {
        return System.getProperty("it.postgres.user", "postgres");
    }

    @Override
    public String password() {
        return System.getProperty("it.postgres.password", "");
    }

    @Override
    public String schema() {
        return schemaName;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(
                serverUrl + "?currentSchema=" + schemaName + "&ApplicationName=identity-bridge-test",
                user(),
                password());
    }

    @Override
    public void recreate() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user(), password())) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schemaName + " CASCADE");
            c.createStatement().execute("CREATE SCHEMA " + schemaName);
        }
    }

    @Override
    public int keycloakConnectionCount() throws SQLException {
        return count("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", keycloakApplicationName);
    }
}
