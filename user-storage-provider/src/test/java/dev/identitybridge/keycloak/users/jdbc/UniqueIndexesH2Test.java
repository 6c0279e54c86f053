package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.config.AttributeColumns;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UniqueIndexesH2Test {

    static Connection connection;

    @BeforeAll
    static void createDatabase() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:unique-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        connection = dataSource.getConnection();
        execute(
                "CREATE TABLE complete (id VARCHAR(10) PRIMARY KEY, username VARCHAR(50), email VARCHAR(100), auth_id VARCHAR(80))",
                "CREATE UNIQUE INDEX ux_complete_username ON complete (username)",
                "ALTER TABLE complete ADD CONSTRAINT uq_complete_email UNIQUE (email)",
                "ALTER TABLE complete ADD CONSTRAINT uq_complete_auth UNIQUE (auth_id)",
                "CREATE TABLE bare (id VARCHAR(10) PRIMARY KEY, username VARCHAR(50), email VARCHAR(100), auth_id VARCHAR(80))",
                "CREATE TABLE weak (id VARCHAR(10) PRIMARY KEY, tenant VARCHAR(10), username VARCHAR(50), email VARCHAR(100),"
                        + " email_verified BOOLEAN, auth_id VARCHAR(80))",
                "CREATE UNIQUE INDEX ux_weak_tenant_username ON weak (tenant, username)",
                "CREATE INDEX ix_weak_email ON weak (email)",
                "CREATE UNIQUE INDEX ux_weak_email_verified ON weak (email_verified, id)",
                "CREATE UNIQUE INDEX ux_weak_auth ON weak (auth_id)",
                "CREATE VIEW bare_view AS SELECT * FROM bare",
                "CREATE SCHEMA app",
                "CREATE TABLE app.people (id VARCHAR(10) PRIMARY KEY, login VARCHAR(50) UNIQUE, mail VARCHAR(100))");
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    private static void execute(String... statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static TableMapping mapping(String table, String username, String email, String authId) {
        return new TableMapping(
                table,
                "id",
                username,
                Optional.ofNullable(email),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.ofNullable(authId),
                Optional.empty(),
                Optional.empty(),
                AttributeColumns.NONE);
    }

    private static List<String> missingColumns(TableMapping mapping) throws SQLException {
        return UniqueIndexes.missing(connection, mapping, Dialect.H2).stream()
                .map(UniqueIndexes.Missing::column)
                .toList();
    }

    @Test
    void aTableWithUniqueIndexesAndConstraintsOnEachColumnPasses() throws SQLException {
        assertThat(missingColumns(mapping("complete", "username", "email", "auth_id")))
                .isEmpty();
    }

    @Test
    void missingIndexesAreNamedWithStatementsThatCreateThem() throws SQLException {
        execute("CREATE TABLE fixable AS SELECT * FROM bare");
        TableMapping mapping = mapping("fixable", "username", "email", "auth_id");
        List<UniqueIndexes.Missing> missing = UniqueIndexes.missing(connection, mapping, Dialect.H2);
        assertThat(missing)
                .extracting(UniqueIndexes.Missing::option)
                .containsExactly("columnUsername", "columnEmail", "columnAuthId");
        assertThat(missing.get(0).createStatement())
                .isEqualTo("CREATE UNIQUE INDEX ux_fixable_username ON fixable (username)");
        for (UniqueIndexes.Missing m : missing) {
            execute(m.createStatement());
        }
        assertThat(missingColumns(mapping)).isEmpty();
    }

    @Test
    void onlyMappedColumnsAreRequired() throws SQLException {
        assertThat(missingColumns(mapping("bare", "username", null, null))).containsExactly("username");
    }

    @Test
    void compositeNonUniqueAndOtherColumnsIndexesDoNotCount() throws SQLException {
        assertThat(missingColumns(mapping("weak", "username", "email", "auth_id")))
                .containsExactly("username", "email");
    }

    @Test
    void schemaQualifiedTablesAreFound() throws SQLException {
        assertThat(missingColumns(mapping("app.people", "login", "mail", null))).containsExactly("mail");
    }

    @Test
    void viewsAreNotJudgedTheirBaseTableHoldsTheIndexes() throws SQLException {
        assertThat(missingColumns(mapping("bare_view", "username", "email", "auth_id")))
                .isEmpty();
    }

    @Test
    void postgresqlStatementsIndexTheLowerCasedValueAsLookupsCompareIt() {
        assertThat(UniqueIndexes.createStatement("app.users", "email", "columnEmail", Dialect.POSTGRESQL))
                .isEqualTo("CREATE UNIQUE INDEX ux_users_email ON app.users (lower(email))");
        assertThat(UniqueIndexes.createStatement("users", "auth_id", "columnAuthId", Dialect.POSTGRESQL))
                .isEqualTo("CREATE UNIQUE INDEX ux_users_auth_id ON users (auth_id)");
        assertThat(UniqueIndexes.createStatement("users", "email", "columnEmail", Dialect.MARIADB))
                .isEqualTo("CREATE UNIQUE INDEX ux_users_email ON users (email)");
    }
}
