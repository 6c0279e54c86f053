package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.ConfigKeys;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ModelDuplicateException;

/** Names the provider cannot use unquoted, and usernames that are only unique case-sensitively, on real H2. */
class IdentifierAndDuplicateH2Test {

    static JdbcDataSource dataSource;
    static Connection keepAlive;
    static String url;

    @BeforeAll
    static void createTables() throws SQLException {
        url = "jdbc:h2:mem:identifiers-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        keepAlive = dataSource.getConnection();
        try (Statement s = keepAlive.createStatement()) {
            s.execute("CREATE TABLE camel (id VARCHAR(10) PRIMARY KEY, \"userName\" VARCHAR(50))");
            s.execute("CREATE TABLE twins (id VARCHAR(10) PRIMARY KEY, username VARCHAR(50))");
            s.execute("INSERT INTO twins VALUES ('1', 'Bob'), ('2', 'bob'), ('3', 'carol')");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        keepAlive.close();
    }

    private static TableMapping mapping(String table, String username) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of(url));
        config.put(ConfigKeys.TABLE, List.of(table));
        config.put(ConfigKeys.COLUMN_USERNAME, List.of(username));
        for (String key : List.of(
                ConfigKeys.COLUMN_EMAIL,
                ConfigKeys.COLUMN_EMAIL_VERIFIED,
                ConfigKeys.COLUMN_FIRST_NAME,
                ConfigKeys.COLUMN_LAST_NAME,
                ConfigKeys.COLUMN_ENABLED,
                ConfigKeys.COLUMN_PASSWORD_HASH,
                ConfigKeys.COLUMN_AUTH_ID,
                ConfigKeys.COLUMN_CREATED_AT,
                ConfigKeys.COLUMN_UPDATED_AT)) {
            config.put(key, List.of(ExternalUsersConfig.NOT_MAPPED));
        }
        return ExternalUsersConfig.parse(config).mapping();
    }

    private static void inspect(TableMapping mapping) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            TableInspector.inspect(c, mapping, new UserSql(mapping, Dialect.H2));
        }
    }

    @Test
    void aCaseSensitiveColumnNameIsRefusedAtValidation() {
        // exists as "userName": an unquoted userName would mean USERNAME to H2, and every query would fail
        assertThatThrownBy(() -> inspect(mapping("camel", "userName")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'userName'")
                .hasMessageContaining("case-sensitive");
    }

    @Test
    void aReservedWordAsTableNameIsExplained() {
        assertThatThrownBy(() -> inspect(mapping("user", "username")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'user'")
                .hasMessageContaining("cannot be used unquoted");
    }

    @Test
    void twoRowsForOneCaseInsensitiveUsernameAreRefusedNotGuessed() {
        AppUserRepository twins =
                new AppUserRepository(dataSource, mapping("twins", "username"), Dialect.H2, new AvailabilityGuard());
        assertThatThrownBy(() -> twins.findByUsername("BOB"))
                .isInstanceOf(ModelDuplicateException.class)
                .hasMessageNotContaining("bob")
                .hasMessageNotContaining("Bob");
        assertThat(twins.findByUsername("Carol"))
                .hasValueSatisfying(u -> assertThat(u.id()).isEqualTo("3"));
    }
}
