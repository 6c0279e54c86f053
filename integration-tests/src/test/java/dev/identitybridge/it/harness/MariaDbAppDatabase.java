package dev.identitybridge.it.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A database of its own in the MariaDB/MySQL server given by {@code it.mariadb.url}. */
public final class MariaDbAppDatabase extends AppDatabase {

    private static final String DATABASE = "identity_bridge_it";

    private final String serverUrl = System.getProperty("it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test");

    @Override
    public String keycloakJdbcUrl() {
        return serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + DATABASE;
    }

    @Override
    public String user() {
        return System.getProperty("it.mariadb.user", "root");
    }

    @Override
    public String password() {
        return System.getProperty("it.mariadb.password", "");
    }

    @Override
    public String schema() {
        return DATABASE;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(keycloakJdbcUrl(), user(), password());
    }

    @Override
    public void recreate() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user(), password())) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + DATABASE);
            c.createStatement().execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        }
    }

    @Override
    public int keycloakConnectionCount() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user(), password());
             var ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ?")) {
            ps.setString(1, DATABASE);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
