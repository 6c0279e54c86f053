package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ConfigKeys;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.jdbc.AppUserRepository;
import dev.identitybridge.keycloak.users.jdbc.AvailabilityGuard;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.metrics.ComponentMetrics;
import dev.identitybridge.keycloak.users.password.DummyVerification;
import dev.identitybridge.keycloak.users.password.PasswordHashVerifier;
import dev.identitybridge.keycloak.users.password.PasswordHasher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.h2.jdbcx.JdbcDataSource;
import org.keycloak.component.ComponentModel;

/**
 * An in-memory H2 app database with the reference schema, and {@code external-users} components on it: the
 * provider of one request, with its session fakes, built as Keycloak's factory would build it (minus the pool).
 */
final class AppTableFixture implements AutoCloseable {

    static final String COMPONENT_ID = "component-1";
    static final String PASSWORD = "correct horse";
    /** bcrypt cost 4: weaker than the components' configured cost 5, so a login upgrades it where the mode writes. */
    static final String WEAK_HASH = OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), new byte[16], 4);

    private final JdbcDataSource dataSource = new JdbcDataSource();
    /** Where the runtimes' meters go. */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final Connection keepAlive;

    AppTableFixture() throws Exception {
        System.setProperty("liquibase.analytics.enabled", "false");
        dataSource.setURL("jdbc:h2:mem:edit-modes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        keepAlive = dataSource.getConnection();
        Database database =
                DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(keepAlive));
        @SuppressWarnings("deprecation")
        Liquibase liquibase = new Liquibase(
                "META-INF/identity-bridge/db/users-changelog.xml", new ClassLoaderResourceAccessor(), database);
        liquibase.update(new Contexts(), new LabelExpression());
    }

    /** Inserts an app user (enabled, email verified, with a weak hash) and returns its app id. */
    String insert(String username, String email, String firstName, String lastName, boolean enabled)
            throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO users "
                                + "(id, username, email, email_verified, first_name, last_name, enabled, password_hash) VALUES (?, ?, ?, TRUE, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, username);
            s.setString(3, email);
            s.setString(4, firstName);
            s.setString(5, lastName);
            s.setBoolean(6, enabled);
            s.setString(7, WEAK_HASH);
            s.executeUpdate();
        }
        return id;
    }

    /** The row as stored, column names in lower case, or empty when there is none. */
    Optional<Map<String, Object>> row(String id) throws SQLException {
        return rowWhere("id", id);
    }

    Optional<Map<String, Object>> rowByUsername(String username) throws SQLException {
        return rowWhere("username", username);
    }

    private Optional<Map<String, Object>> rowWhere(String column, String value) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT * FROM users WHERE " + column + " = ?")) {
            s.setString(1, value);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(columns(rs)) : Optional.empty();
            }
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Map<String, Object> columns(ResultSet rs) throws SQLException {
        Map<String, Object> columns = new HashMap<>();
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), rs.getObject(i));
        }
        return columns;
    }

    /** The runtime Keycloak's factory builds for a component with these options (password hashes: bcrypt, cost 5). */
    ComponentRuntime runtime(Map<String, String> options) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of(dataSource.getURL()));
        config.put(ConfigKeys.PASSWORD_HASH_ALGORITHM, List.of("bcrypt"));
        config.put(ConfigKeys.BCRYPT_COST, List.of("5"));
        options.forEach((key, value) -> config.put(key, List.of(value)));
        ExternalUsersConfig parsed = ExternalUsersConfig.parse(config);
        AppUserRepository repository =
                new AppUserRepository(dataSource, parsed.mapping(), Dialect.H2, new AvailabilityGuard());
        PasswordHashVerifier verifier = new PasswordHashVerifier(parsed.allowLegacyHashes());
        PasswordHasher hasher = new PasswordHasher(parsed.writes().hashing());
        return new ComponentRuntime(
                parsed,
                AppConnections.borrowed(dataSource),
                Dialect.H2,
                repository,
                repository.memberships(parsed.memberships()),
                verifier,
                hasher,
                new DummyVerification(hasher, verifier),
                EditModePolicy.of(parsed, hasher),
                new ComponentMetrics(
                        meters,
                        "test",
                        "app users",
                        parsed.writes().hashing().algorithm().configValue()));
    }

    static ComponentModel component() {
        ComponentModel model = new ComponentModel();
        model.setId(COMPONENT_ID);
        model.setName("app users");
        model.setProviderId(ExternalUsersProviderFactory.PROVIDER_ID);
        model.setParentId("realm-1");
        return model;
    }

    static String keycloakId(String appId) {
        return "f:" + COMPONENT_ID + ":" + appId;
    }

    @Override
    public void close() throws SQLException {
        try (Statement s = keepAlive.createStatement()) {
            s.execute("SHUTDOWN");
        }
        keepAlive.close();
    }
}
