package dev.identitybridge.it.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A database of its own in the MariaDB/MySQL server given by {@code it.mariadb.url}. */
public final class MariaDbAppDatabase extends AppDatabase {

    private static final String DEFAULT_DATABASE = "identity_bridge_it";

    private final String serverUrl = System.getProperty("it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test");
    private final String databaseName;

    public MariaDbAppDatabase() {
        this(DEFAULT_DATABASE);
    }

    /** A suite's own database, so that suites never drop each other's tables. */
    public MariaDbAppDatabase(String database) {
        this.databaseName = database;
    }

    @Override
    public String keycloakJdbcUrl() {
        return serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + databaseName;
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
        return databaseName;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(keycloakJdbcUrl(), user(), password());
    }

    @Override
    public void recreate() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user(), password())) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + databaseName);
            c.createStatement().execute("CREATE DATABASE " + databaseName + " CHARACTER SET utf8mb4");
        }
    }

    @Override
    public int keycloakConnectionCount() throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl, user(), password());
                var ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ?")) {
            ps.setString(1, databaseName);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
