package dev.identitybridge.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Empty PostgreSQL databases for Keycloak's own data, on the server of {@code it.postgres.url}. */
public final class KeycloakDatabases {

    private final String serverUrl = System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String user = System.getProperty("it.postgres.user", "postgres");

    /** Drops and creates database {@code name} ([a-z_]+); returns Keycloak's runtime options for it. */
    public List<String> recreate(String name) throws SQLException {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException(name);
        }
        try (Connection c = DriverManager.getConnection(serverUrl, user, "");
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                    + "' AND pid <> pg_backend_pid()");
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return List.of("--db-url=" + jdbcUrl(name), "--db-username=" + user);
    }

    public String jdbcUrl(String name) {
        return serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + name;
    }

    public String user() {
        return user;
    }

    public String serverVersion() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
