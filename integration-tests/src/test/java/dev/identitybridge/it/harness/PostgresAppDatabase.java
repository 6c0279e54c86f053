package dev.identitybridge.it.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A schema of its own in the PostgreSQL server given by {@code it.postgres.url}. */
public final class PostgresAppDatabase extends AppDatabase {

    private static final String SCHEMA = "identity_bridge_it";
    private static final String KEYCLOAK_APPLICATION_NAME = "identity-bridge-keycloak-it";

    private final String serverUrl = System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");

    @Override
    public String keycloakJdbcUrl() {
        return serverUrl + "?currentSchema=" + SCHEMA + "&ApplicationName=" + KEYCLOAK_APPLICATION_NAME;
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
        return SCHEMA;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(serverUrl + "?currentSchema=" + SCHEMA + "&ApplicationName=identity-bridge-test",
                user(), password());
    }

    @Override
    public void recreate() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user(), password())) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
        }
    }

    @Override
    public int keycloakConnectionCount() throws SQLException {
        return count("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", KEYCLOAK_APPLICATION_NAME);
    }
}
