package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.AppRow;
import dev.identitybridge.keycloak.users.config.ConfigKeys;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.config.MembershipKind;
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

/** The join-table statements against a real H2 database: reads, paging, writes and the save-time checks. */
class MembershipRepositoryH2Test {

    static JdbcDataSource dataSource;
    static Connection connection;
    static ExternalUsersConfig both;

    @BeforeAll
    static void createDatabase() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:joins-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        connection = dataSource.getConnection();
        execute(
                "CREATE TABLE users (id VARCHAR(36) PRIMARY KEY, username VARCHAR(50) NOT NULL, email VARCHAR(100))",
                "CREATE TABLE user_roles (user_id VARCHAR(36) NOT NULL, role_name VARCHAR(50) NOT NULL,"
                        + " PRIMARY KEY (user_id, role_name))",
                "CREATE TABLE user_groups (user_id VARCHAR(36) NOT NULL, group_name VARCHAR(100) NOT NULL)",
                "CREATE INDEX ix_user_groups_user ON user_groups (user_id)",
                "CREATE INDEX ix_user_groups_name ON user_groups (group_name)",
                "CREATE TABLE bare_groups (uid VARCHAR(36), grp VARCHAR(100))",
                "CREATE TABLE numbered_roles (user_id BIGINT, role_id INT)",
                "INSERT INTO users VALUES ('u1', 'Carol', 'c@example.org'), ('u2', 'alice', null), ('u3', 'Bob', null),"
                        + " ('u4', 'dave', null)",
                "INSERT INTO user_roles VALUES ('u1', 'ADMIN'), ('u1', 'viewer'), ('u2', 'viewer')",
                "INSERT INTO user_groups VALUES ('u1', 'staff'), ('u2', '/staff'), ('u3', 'STAFF'), ('u3', '/sales/eu'),"
                        + " ('u4', 'other')");
        both = config(ConfigKeys.ROLE_TABLE, "user_roles", ConfigKeys.GROUP_TABLE, "user_groups");
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

    private static ExternalUsersConfig config(String... keyValues) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of(dataSource.getURL()));
        for (String column : List.of(
                ConfigKeys.COLUMN_EMAIL_VERIFIED,
                ConfigKeys.COLUMN_FIRST_NAME,
                ConfigKeys.COLUMN_LAST_NAME,
                ConfigKeys.COLUMN_ENABLED,
                ConfigKeys.COLUMN_PASSWORD_HASH,
                ConfigKeys.COLUMN_AUTH_ID,
                ConfigKeys.COLUMN_CREATED_AT,
                ConfigKeys.COLUMN_UPDATED_AT)) {
            config.put(column, List.of("-"));
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        return ExternalUsersConfig.parse(config);
    }

    private static MembershipRepository repository(ExternalUsersConfig config) {
        return new AppUserRepository(dataSource, config.mapping(), Dialect.H2, new AvailabilityGuard())
                .memberships(config.memberships());
    }

    @Test
    void aUsersRolesAndGroupsAreReadTogether() {
        MembershipRepository repository = repository(both);
        MembershipNames carol = repository.namesOf("u1");
        assertThat(carol.roles()).containsExactlyInAnyOrder("ADMIN", "viewer");
        assertThat(carol.groups()).containsExactly("staff");
        assertThat(repository.namesOf("u4")).isEqualTo(new MembershipNames(List.of(), List.of("other")));
        assertThat(repository.namesOf("nobody")).isEqualTo(MembershipNames.NONE);
    }

    @Test
    void numericNameColumnsAreReadAsText() {
        MembershipRepository repository = repository(config(
                ConfigKeys.ROLE_TABLE, "numbered_roles",
                ConfigKeys.ROLE_NAME_COLUMN, "role_id",
                ConfigKeys.GROUP_TABLE, "user_groups"));
        assertThat(repository.namesOf("u3").groups()).containsExactlyInAnyOrder("STAFF", "/sales/eu");
        // the app id "u3" is no number: the numeric user column is bound with nothing that matches
        assertThat(repository.namesOf("u3").roles()).isEmpty();
    }

    @Test
    void groupMembersArePagedInUsernameOrderAndCounted() {
        MembershipRepository repository = repository(both);
        List<String> names = List.of("staff", "/staff", "STAFF");
        assertThat(repository.countGroupMembers(names)).isEqualTo(3);
        assertThat(repository.groupMembers(names, 0, 2).stream().map(AppRow::username))
                .containsExactly("alice", "Bob");
        assertThat(repository.groupMembers(names, 2, 2).stream().map(AppRow::username))
                .containsExactly("Carol");
        assertThat(repository.groupMembers(names, null, null)).hasSize(3);
        assertThat(repository.groupMembers(List.of("nobody's"), 0, 10)).isEmpty();
        assertThat(repository.groupMembers(List.of(), 0, 10)).isEmpty();
        assertThat(repository.countGroupMembers(List.of())).isZero();
    }

    @Test
    void grantsAndRemovalsAreRowsWrittenInALocalTransaction() {
        ExternalUsersConfig config = both;
        MembershipRepository repository = repository(config);
        AppUserRepository users =
                new AppUserRepository(dataSource, config.mapping(), Dialect.H2, new AvailabilityGuard());
        try (LocalTransaction tx = users.begin()) {
            tx.execute(repository.insert(MembershipKind.ROLE, "u4", "editor"));
            tx.execute(repository.insert(MembershipKind.GROUP, "u4", "/sales/eu"));
            tx.commit();
        }
        assertThat(repository.namesOf("u4").roles()).containsExactly("editor");
        assertThat(repository.namesOf("u4").groups()).containsExactlyInAnyOrder("other", "/sales/eu");
        try (LocalTransaction tx = users.begin()) {
            assertThat(tx.execute(repository.delete(MembershipKind.ROLE, "u4", List.of("EDITOR", "editor"))))
                    .isEqualTo(1);
            assertThat(tx.execute(repository.delete(MembershipKind.GROUP, "u4", List.of("/sales/eu"))))
                    .isEqualTo(1);
            tx.commit();
        }
        assertThat(repository.namesOf("u4")).isEqualTo(new MembershipNames(List.of(), List.of("other")));
    }

    @Test
    void theSaveChecksTablesAndColumns() throws SQLException {
        ExternalUsersConfig missingTable = config(ConfigKeys.ROLE_TABLE, "no_such_roles");
        assertThatThrownBy(() -> JoinTables.userColumnType(
                        connection, missingTable.memberships().roles().orElseThrow(), Dialect.H2))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Table 'no_such_roles' was not found in the database.");
        ExternalUsersConfig missingColumn =
                config(ConfigKeys.GROUP_TABLE, "user_groups", ConfigKeys.GROUP_NAME_COLUMN, "grp");
        assertThatThrownBy(() -> JoinTables.userColumnType(
                        connection, missingColumn.memberships().groups().orElseThrow(), Dialect.H2))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Column 'grp' (option groupNameColumn) does not exist in table 'user_groups'.");
        assertThat(JoinTables.userColumnType(
                        connection, both.memberships().roles().orElseThrow(), Dialect.H2))
                .isEqualTo(IdColumnType.TEXT);
        ExternalUsersConfig numbered =
                config(ConfigKeys.ROLE_TABLE, "numbered_roles", ConfigKeys.ROLE_NAME_COLUMN, "role_id");
        assertThat(JoinTables.userColumnType(
                        connection, numbered.memberships().roles().orElseThrow(), Dialect.H2))
                .isEqualTo(IdColumnType.WHOLE_NUMBER);
    }

    @Test
    void missingIndexesAreReportedWithTheStatementThatCreatesThem() throws SQLException {
        // a primary key led by the user column counts; the group table has both of its indexes
        assertThat(JoinTables.missingIndexes(
                        connection, both.memberships().roles().orElseThrow(), Dialect.H2))
                .isEmpty();
        assertThat(JoinTables.missingIndexes(
                        connection, both.memberships().groups().orElseThrow(), Dialect.H2))
                .isEmpty();
        ExternalUsersConfig bare = config(
                ConfigKeys.GROUP_TABLE, "bare_groups",
                ConfigKeys.GROUP_USER_COLUMN, "uid",
                ConfigKeys.GROUP_NAME_COLUMN, "grp",
                ConfigKeys.ROLE_TABLE, "numbered_roles",
                ConfigKeys.ROLE_NAME_COLUMN, "role_id");
        assertThat(JoinTables.missingIndexes(
                                connection, bare.memberships().groups().orElseThrow(), Dialect.H2)
                        .stream()
                        .map(JoinTables.MissingIndex::createStatement))
                .containsExactly(
                        "CREATE INDEX ix_bare_groups_uid ON bare_groups (uid)",
                        "CREATE INDEX ix_bare_groups_grp ON bare_groups (grp)");
        // a role table needs its user column indexed only
        assertThat(JoinTables.missingIndexes(
                                connection, bare.memberships().roles().orElseThrow(), Dialect.H2)
                        .stream()
                        .map(JoinTables.MissingIndex::column))
                .containsExactly("user_id");
    }
}
