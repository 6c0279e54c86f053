package dev.identitybridge.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keycloak's OWN database for a server started by a test (not the app database of {@link AppDatabase}): the
 * options that point Keycloak at it, a connection for the test, and a reset to an empty database.
 */
public abstract class KeycloakDatabase {

    /** Name of the dedicated database on the PostgreSQL and MariaDB servers. */
    public static final String DATABASE = "idb_kc_it";

    /** h2, postgres or mariadb: also the name of the distribution copy, since {@code --db} is a build option. */
    public abstract String kind();

    /** {@code --db}, {@code --db-url}, {@code --db-username}, {@code --db-password}. */
    public abstract List<String> serverOptions();

    public abstract Connection connect() throws SQLException;

    /** Drops and recreates the database (empty: Keycloak creates its schema at start). */
    public abstract void recreate() throws SQLException;

    public static KeycloakDatabase h2(Path directory) {
        return new H2(directory);
    }

    public static KeycloakDatabase postgres() {
        return postgres(
                DATABASE,
                System.getProperty("it.postgres.user", "postgres"),
                System.getProperty("it.postgres.password", ""));
    }

    /** A PostgreSQL database of a suite's own, reached as {@code user} (so that suites running at once never share one). */
    public static KeycloakDatabase postgres(String database, String user, String password) {
        return new Postgres(
                System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                database,
                user,
                password);
    }

    /** A PostgreSQL database named {@code database}, for a suite that must not share {@link #DATABASE}. */
    public static KeycloakDatabase postgres(String database) {
        return postgres(
                database,
                System.getProperty("it.postgres.user", "postgres"),
                System.getProperty("it.postgres.password", ""));
    }

    public static KeycloakDatabase mariadb() {
        return new MariaDb(
                System.getProperty("it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test"),
                DATABASE,
                System.getProperty("it.mariadb.user", "root"),
                System.getProperty("it.mariadb.password", ""));
    }

    /** The JDBC URL of {@code database} on the server of {@code serverUrl} (same host, port and parameters). */
    static String withDatabase(String serverUrl, String database) {
        int slash = serverUrl.indexOf('/', serverUrl.indexOf("//") + 2);
        int query = serverUrl.indexOf('?', slash);
        return serverUrl.substring(0, slash + 1) + database + (query < 0 ? "" : serverUrl.substring(query));
    }

    static List<String> credentials(String user, String password) {
        List<String> options = new ArrayList<>(List.of("--db-username=" + user));
        if (!password.isEmpty()) {
            options.add("--db-password=" + password);
        }
        return options;
    }

    /** A file database that the test JVM can open while Keycloak runs ({@code AUTO_SERVER}). */
    private static final class H2 extends KeycloakDatabase {
        private final Path directory;

        H2(Path directory) {
            this.directory = directory.toAbsolutePath();
        }

        private String url() {
            return "jdbc:h2:file:" + directory.resolve("keycloakdb") + ";AUTO_SERVER=TRUE;NON_KEYWORDS=VALUE";
        }

        @Override
        public String kind() {
            return "h2";
        }

        @Override
        public List<String> serverOptions() {
            return List.of("--db=dev-file", "--db-url=" + url(), "--db-username=sa", "--db-password=password");
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url(), "sa", "password");
        }

        @Override
        public void recreate() {
            try {
                if (Files.exists(directory)) {
                    try (Stream<Path> files = Files.walk(directory)) {
                        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(file);
                        }
                    }
                }
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A database of its own on a PostgreSQL or MariaDB server. */
    private abstract static class OnServer extends KeycloakDatabase {
        final String serverUrl;
        final String database;
        final String user;
        final String password;

        OnServer(String serverUrl, String database, String user, String password) {
            this.serverUrl = serverUrl;
            this.database = database;
            this.user = user;
            this.password = password;
        }

        String url() {
            return withDatabase(serverUrl, database);
        }

        @Override
        public List<String> serverOptions() {
            List<String> options = new ArrayList<>(List.of("--db=" + kind(), "--db-url=" + url()));
            options.addAll(credentials(user, password));
            return options;
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url(), user, password);
        }

        @Override
        public void recreate() throws SQLException {
            try (Connection c = DriverManager.getConnection(serverUrl, user, password);
                    Statement s = c.createStatement()) {
                for (String statement : recreateStatements()) {
                    s.execute(statement);
                }
            }
        }

        abstract List<String> recreateStatements();
    }

    private static final class Postgres extends OnServer {
        Postgres(String serverUrl, String database, String user, String password) {
            super(serverUrl, database, user, password);
        }

        @Override
        public String kind() {
            return "postgres";
        }

        @Override
        List<String> recreateStatements() {
            // replication slots left by an interrupted relay test would block DROP DATABASE
            return List.of(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '" + database
                            + "' AND NOT active",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                            + "' AND pid <> pg_backend_pid()",
                    "DROP DATABASE IF EXISTS " + database,
                    "CREATE DATABASE " + database);
        }
    }

    private static final class MariaDb extends OnServer {
        MariaDb(String serverUrl, String database, String user, String password) {
            super(serverUrl, database, user, password);
        }

        @Override
        public String kind() {
            return "mariadb";
        }

        @Override
        List<String> recreateStatements() {
            return List.of(
                    "DROP DATABASE IF EXISTS " + database,
                    "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }
}
