package dev.identitybridge.it.harness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * An app database for one test leg: how Keycloak reaches it, how the test reaches it, and how to reset and
 * seed it. Each leg uses its own schema or database, recreated empty for every test class.
 */
public abstract class AppDatabase {

    public static final String CHANGELOG = "META-INF/identity-bridge/db/users-changelog.xml";

    /** JDBC URL given to the external-users component (as Keycloak sees the database). */
    public abstract String keycloakJdbcUrl();

    public abstract String user();

    public abstract String password();

    /** Name of this leg's schema or database, to qualify table names. */
    public abstract String schema();

    /** An external-users component configuration for this database (URL, credentials, a pool of 1 to {@code poolMax}). */
    public java.util.Map<String, String> componentConfig(int poolMax) {
        java.util.Map<String, String> config = new java.util.HashMap<>();
        config.put("jdbcUrl", keycloakJdbcUrl());
        config.put("dbUser", user());
        config.put("dbPassword", password());
        config.put("poolMinSize", "1");
        config.put("poolMaxSize", String.valueOf(poolMax));
        return config;
    }

    /** A connection for the test itself. */
    public abstract Connection connect() throws SQLException;

    /** Drops and recreates this leg's schema or database. */
    public abstract void recreate() throws SQLException;

    /** Connections currently open from Keycloak's pools to this leg's database. */
    public abstract int keycloakConnectionCount() throws SQLException;

    /** The reference {@code users} table plus the demo users (Liquibase context "demo"). */
    public void applyReferenceSchemaWithDemoUsers() throws Exception {
        applyReferenceChangelog("demo");
    }

    /** The reference {@code users} table alone, without the demo users. */
    public void applyReferenceSchema() throws Exception {
        applyReferenceChangelog("schema-only");
    }

    @SuppressWarnings("deprecation")
    private void applyReferenceChangelog(String context) throws Exception {
        try (Connection c = connect()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            try (Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database)) {
                liquibase.update(new Contexts(context), new LabelExpression());
            }
        }
    }

    /** Inserts {@code count} users named {@code prefix0000}…, in one batch. */
    public void seedUsers(String prefix, int count) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO users (id, username, email, email_verified, first_name, "
                                + "last_name, enabled, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                String username = String.format("%s%04d", prefix, i);
                ps.setString(1, UUID.nameUUIDFromBytes(username.getBytes()).toString());
                ps.setString(2, username);
                ps.setString(3, username + "@example.org");
                ps.setBoolean(4, true);
                ps.setString(5, "Seeded");
                ps.setString(6, "User " + i);
                ps.setBoolean(7, true);
                ps.setString(8, null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public int count(String sql, Object... parameters) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public void execute(String... statements) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
