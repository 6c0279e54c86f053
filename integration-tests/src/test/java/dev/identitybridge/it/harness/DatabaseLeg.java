package dev.identitybridge.it.harness;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * A database leg of the integration suites: which app database the external-users component reads, and which
 * database Keycloak itself runs on when a suite starts a server of its own. {@code -Dit.databases=h2,postgres,mariadb}
 * names the legs a run asks for; each is also the JUnit tag of that leg's test classes (see {@link DatabaseLegSuite}).
 */
public enum DatabaseLeg {

    /** An in-memory H2 database served from the test JVM: always reachable, needs no server. */
    H2("h2", null, null, null) {
        @Override
        public AppDatabase appDatabase(String name) throws SQLException {
            return new H2AppDatabase();
        }

        @Override
        public KeycloakDatabase keycloakDatabase(Path h2Directory) {
            return KeycloakDatabase.h2(h2Directory);
        }
    },

    /** A schema per suite on the PostgreSQL server of {@code it.postgres.url}. */
    POSTGRES("postgres", "it.postgres", "jdbc:postgresql://127.0.0.1:5432/test", "postgres") {
        @Override
        public AppDatabase appDatabase(String name) {
            return new PostgresAppDatabase(name);
        }

        @Override
        public KeycloakDatabase keycloakDatabase(Path h2Directory) {
            return KeycloakDatabase.postgres();
        }
    },

    /** A database per suite on the MariaDB server of {@code it.mariadb.url}. */
    MARIADB("mariadb", "it.mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root") {
        @Override
        public AppDatabase appDatabase(String name) {
            return new MariaDbAppDatabase(name);
        }

        @Override
        public KeycloakDatabase keycloakDatabase(Path h2Directory) {
            return KeycloakDatabase.mariadb();
        }
    };

    /** The schema/database name of the suites that do not need one of their own. */
    public static final String SHARED_APP_DATABASE = "identity_bridge_it";

    private static final String REQUESTED = "it.databases";

    private final String id;
    /** Prefix of the {@code .url}, {@code .user} and {@code .password} system properties of the leg's server; null for H2. */
    private final String serverProperties;

    private final String defaultUrl;
    private final String defaultUser;

    DatabaseLeg(String id, String serverProperties, String defaultUrl, String defaultUser) {
        this.id = id;
        this.serverProperties = serverProperties;
        this.defaultUrl = defaultUrl;
        this.defaultUser = defaultUser;
    }

    /** {@code h2}, {@code postgres} or {@code mariadb}: the name in {@code it.databases}, the JUnit tag, and the suffix of realm names. */
    public String id() {
        return id;
    }

    /** This leg's app database in a schema/database named {@code name} (H2: a database of its own anyway). */
    public abstract AppDatabase appDatabase(String name) throws SQLException;

    /** Keycloak's own database on this leg; {@code h2Directory} holds the H2 files. */
    public abstract KeycloakDatabase keycloakDatabase(Path h2Directory);

    /**
     * Fails unless this leg's database server answers: a leg that was asked for never turns into a skip, and it
     * fails before a Keycloak is started for it. H2 runs in the test JVM and is always there.
     */
    public void requireReachable() {
        if (serverProperties == null) {
            return;
        }
        try (Connection ignored = DriverManager.getConnection(
                serverUrl(),
                System.getProperty(serverProperties + ".user", defaultUser),
                System.getProperty(serverProperties + ".password", ""))) {
            // reachable
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "The " + id + " leg was requested (" + REQUESTED + "=" + System.getProperty(REQUESTED)
                            + ") but its database server " + serverUrl() + " cannot be reached: " + e.getMessage(),
                    e);
        }
    }

    private String serverUrl() {
        return System.getProperty(serverProperties + ".url", defaultUrl);
    }

    /** The legs {@code it.databases} asks for; an unknown name fails (a typo must not silently run fewer legs). */
    public static List<DatabaseLeg> requested() {
        List<DatabaseLeg> legs = new ArrayList<>();
        for (String name : System.getProperty(REQUESTED, H2.id).split(",")) {
            if (!name.isBlank()) {
                legs.add(byId(name.trim()));
            }
        }
        if (legs.isEmpty()) {
            throw new IllegalStateException(REQUESTED + " names no database leg");
        }
        return legs;
    }

    /** The leg a test class runs on: the one of its JUnit tags that names a leg ({@code @Tag("postgres")}). */
    public static DatabaseLeg of(Class<?> testClass) {
        List<DatabaseLeg> legs = Arrays.stream(testClass.getAnnotationsByType(Tag.class))
                .map(Tag::value)
                .flatMap(tag -> Arrays.stream(values()).filter(leg -> leg.id.equals(tag)))
                .toList();
        if (legs.size() != 1) {
            throw new IllegalStateException(testClass.getName()
                    + " must carry exactly one database leg tag (h2, postgres, mariadb); it has " + legs);
        }
        return legs.get(0);
    }

    private static DatabaseLeg byId(String id) {
        return Arrays.stream(values())
                .filter(leg -> leg.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown database leg '" + id + "' in " + REQUESTED + "="
                        + System.getProperty(REQUESTED) + "; known: h2, postgres, mariadb"));
    }
}
