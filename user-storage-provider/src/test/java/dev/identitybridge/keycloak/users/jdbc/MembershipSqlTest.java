package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.config.ConfigKeys;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.MembershipKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MembershipSqlTest {

    private static MembershipSql sql(Dialect dialect, String... keyValues) {
        java.util.Map<String, List<String>> config = new java.util.HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of(dialect.urlPrefix() + "//db/app"));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        ExternalUsersConfig parsed = ExternalUsersConfig.parse(config);
        UserSql users = new UserSql(parsed.mapping(), dialect);
        return new MembershipSql(parsed.memberships(), parsed.mapping(), users.selectedColumns(), dialect);
    }

    private static MembershipSql both(Dialect dialect) {
        return sql(
                dialect,
                ConfigKeys.ROLE_TABLE,
                "user_roles",
                ConfigKeys.GROUP_TABLE,
                "app.user_groups",
                ConfigKeys.GROUP_USER_COLUMN,
                "member_id",
                ConfigKeys.GROUP_NAME_COLUMN,
                "grp");
    }

    @Test
    void aUsersRolesAndGroupsAreOneUnionAllPerDialect() {
        assertThat(both(Dialect.POSTGRESQL).namesOfUser())
                .isEqualTo("SELECT 1 AS kind, CAST(role_name AS VARCHAR(255)) AS name FROM user_roles WHERE user_id = ?"
                        + " UNION ALL SELECT 2 AS kind, CAST(grp AS VARCHAR(255)) AS name FROM app.user_groups"
                        + " WHERE member_id = ?");
        assertThat(both(Dialect.H2).namesOfUser())
                .isEqualTo(both(Dialect.POSTGRESQL).namesOfUser());
        assertThat(both(Dialect.MARIADB).namesOfUser())
                .isEqualTo("SELECT 1 AS kind, CAST(role_name AS CHAR(255)) AS name FROM user_roles WHERE user_id = ?"
                        + " UNION ALL SELECT 2 AS kind, CAST(grp AS CHAR(255)) AS name FROM app.user_groups"
                        + " WHERE member_id = ?");
        assertThat(both(Dialect.MYSQL).namesOfUser())
                .isEqualTo(both(Dialect.MARIADB).namesOfUser());
        assertThat(both(Dialect.H2).namesOfUserBinds()).isEqualTo(2);
    }

    @Test
    void oneTableIsOneSelect() {
        MembershipSql groupsOnly = sql(Dialect.H2, ConfigKeys.GROUP_TABLE, "user_groups");
        assertThat(groupsOnly.namesOfUser())
                .isEqualTo(
                        "SELECT 2 AS kind, CAST(group_name AS VARCHAR(255)) AS name FROM user_groups WHERE user_id = ?");
        assertThat(groupsOnly.namesOfUserBinds()).isEqualTo(1);
        assertThat(sql(Dialect.H2).namesOfUser()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void writesBindTheUserAndTheNames(Dialect dialect) {
        MembershipSql sql = both(dialect);
        assertThat(sql.insert(MembershipKind.ROLE))
                .isEqualTo("INSERT INTO user_roles (user_id, role_name) VALUES (?, ?)");
        assertThat(sql.insert(MembershipKind.GROUP))
                .isEqualTo("INSERT INTO app.user_groups (member_id, grp) VALUES (?, ?)");
        assertThat(sql.delete(MembershipKind.ROLE, 2))
                .isEqualTo("DELETE FROM user_roles WHERE user_id = ? AND role_name IN (?, ?)");
        assertThat(sql.delete(MembershipKind.GROUP, 1))
                .isEqualTo("DELETE FROM app.user_groups WHERE member_id = ? AND grp IN (?)");
    }

    @Test
    void groupMembersArePagedAndCountedInTheDatabase() {
        assertThat(both(Dialect.POSTGRESQL).groupMembers(2))
                .isEqualTo(
                        "SELECT id, username, email, email_verified, first_name, last_name, enabled, auth_id, created_at"
                                + " FROM users WHERE id IN (SELECT member_id FROM app.user_groups WHERE grp IN (?, ?))"
                                + " ORDER BY LOWER(username) LIMIT ? OFFSET ?");
        assertThat(both(Dialect.MARIADB).groupMembers(1))
                .isEqualTo(
                        "SELECT id, username, email, email_verified, first_name, last_name, enabled, auth_id, created_at"
                                + " FROM users WHERE id IN (SELECT member_id FROM app.user_groups WHERE grp IN (?))"
                                + " ORDER BY username LIMIT ? OFFSET ?");
        assertThat(both(Dialect.H2).countGroupMembers(3))
                .isEqualTo("SELECT COUNT(*) FROM users WHERE id IN (SELECT member_id FROM app.user_groups"
                        + " WHERE grp IN (?, ?, ?))");
    }

    @Test
    void missingIndexesAreNamedWithTheirStatement() {
        assertThat(JoinTables.createStatement("app.user_groups", "grp"))
                .isEqualTo("CREATE INDEX ix_user_groups_grp ON app.user_groups (grp)");
        assertThat(new JoinTables.MissingIndex(
                                MembershipKind.ROLE,
                                "user_id",
                                "read with every user load",
                                "CREATE INDEX ix_user_roles_user_id ON user_roles (user_id)")
                        .message("user_roles"))
                .isEqualTo(
                        "roleTable 'user_roles' has no index on user_id (read with every user load); create it with: "
                                + "CREATE INDEX ix_user_roles_user_id ON user_roles (user_id)");
    }
}
