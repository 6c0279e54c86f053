package dev.identitybridge.keycloak.users.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class MembershipsConfigTest {

    /** Every option of the join tables, in the admin form's order. */
    private static final List<String> KEYS = List.of(
            ConfigKeys.ROLE_TABLE,
            ConfigKeys.ROLE_USER_COLUMN,
            ConfigKeys.ROLE_NAME_COLUMN,
            ConfigKeys.ROLE_CLIENT,
            ConfigKeys.ROLE_NAME_MAP,
            ConfigKeys.CREATE_MISSING_ROLES,
            ConfigKeys.ROLE_MODE,
            ConfigKeys.GROUP_TABLE,
            ConfigKeys.GROUP_USER_COLUMN,
            ConfigKeys.GROUP_NAME_COLUMN,
            ConfigKeys.GROUP_NAME_MAP,
            ConfigKeys.CREATE_MISSING_GROUPS,
            ConfigKeys.GROUP_MODE);

    private static Map<String, List<String>> config(String... keyValues) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of("jdbc:h2:mem:x"));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.computeIfAbsent(keyValues[i], k -> new java.util.ArrayList<>())
                    .add(keyValues[i + 1]);
        }
        return config;
    }

    @Test
    void withoutATableNothingIsMapped() {
        Memberships memberships = ExternalUsersConfig.parse(config(ConfigKeys.ROLE_USER_COLUMN, "uid"))
                .memberships();
        assertThat(memberships.any()).isFalse();
        assertThat(memberships.roles()).isEmpty();
        assertThat(memberships.groups()).isEmpty();
        assertThat(Memberships.parse(config(ConfigKeys.GROUP_TABLE, "-")).groups())
                .isEmpty();
    }

    @Test
    void aTableTakesTheReferenceColumnsAndReadOnlyByDefault() {
        Memberships memberships = Memberships.parse(
                config(ConfigKeys.ROLE_TABLE, "user_roles", ConfigKeys.GROUP_TABLE, "app.user_groups"));
        MembershipMapping roles = memberships.roles().orElseThrow();
        assertThat(roles.joinTable()).isEqualTo(new JoinTable("user_roles", "user_id", "role_name"));
        assertThat(roles.roleClient()).isEmpty();
        assertThat(roles.names()).isEqualTo(NameMap.EMPTY);
        assertThat(roles.createMissing()).isFalse();
        assertThat(roles.mode()).isEqualTo(JoinMode.READ_ONLY);
        MembershipMapping groups = memberships.groups().orElseThrow();
        assertThat(groups.joinTable()).isEqualTo(new JoinTable("app.user_groups", "user_id", "group_name"));
        assertThat(groups.kind()).isEqualTo(MembershipKind.GROUP);
        assertThat(memberships.mapped()).containsExactly(roles, groups);
    }

    @Test
    void everyOptionIsRead() {
        Memberships memberships = Memberships.parse(config(
                ConfigKeys.ROLE_TABLE, " account_roles ",
                ConfigKeys.ROLE_USER_COLUMN, "account_id",
                ConfigKeys.ROLE_NAME_COLUMN, "role",
                ConfigKeys.ROLE_CLIENT, "shop",
                ConfigKeys.ROLE_NAME_MAP, "ADMIN=admin",
                ConfigKeys.ROLE_NAME_MAP, "EDITOR=editor",
                ConfigKeys.CREATE_MISSING_ROLES, "true",
                ConfigKeys.ROLE_MODE, "writable",
                ConfigKeys.GROUP_TABLE, "memberships",
                ConfigKeys.GROUP_NAME_MAP, "STAFF=/staff/editors##SALES=sales",
                ConfigKeys.CREATE_MISSING_GROUPS, "true",
                ConfigKeys.GROUP_MODE, "WRITABLE"));
        MembershipMapping roles = memberships.roles().orElseThrow();
        assertThat(roles.joinTable()).isEqualTo(new JoinTable("account_roles", "account_id", "role"));
        assertThat(roles.roleClient()).isEqualTo(Optional.of("shop"));
        assertThat(roles.names().appToKeycloak())
                .containsExactly(Map.entry("ADMIN", "admin"), Map.entry("EDITOR", "editor"));
        assertThat(roles.createMissing()).isTrue();
        assertThat(roles.writable()).isTrue();
        MembershipMapping groups = memberships.groups().orElseThrow();
        assertThat(groups.names().appToKeycloak())
                .containsExactly(Map.entry("STAFF", "/staff/editors"), Map.entry("SALES", "sales"));
        assertThat(groups.roleClient()).isEmpty();
        assertThat(groups.createMissing()).isTrue();
        assertThat(groups.mode()).isEqualTo(JoinMode.WRITABLE);
    }

    @Test
    void identifiersAreValidated() {
        assertThatThrownBy(() -> Memberships.parse(config(ConfigKeys.ROLE_TABLE, "user_roles; DROP TABLE users")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("roleTable: 'user_roles; DROP TABLE users' is not a plain SQL identifier (letters, digits, "
                        + "underscores; optionally schema.table).");
        assertThatThrownBy(() ->
                        Memberships.parse(config(ConfigKeys.GROUP_TABLE, "g", ConfigKeys.GROUP_NAME_COLUMN, "name)")))
                .hasMessage("groupNameColumn: 'name)' is not a plain SQL identifier (letters, digits, underscores).");
        assertThatThrownBy(() ->
                        Memberships.parse(config(ConfigKeys.ROLE_TABLE, "r", ConfigKeys.ROLE_USER_COLUMN, "role_name")))
                .hasMessage("roleUserColumn and roleNameColumn must name two different columns of 'r'.");
    }

    @Test
    void modesAreValidated() {
        assertThatThrownBy(
                        () -> Memberships.parse(config(ConfigKeys.ROLE_TABLE, "r", ConfigKeys.ROLE_MODE, "UNSYNCED")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("roleMode must be READ_ONLY or WRITABLE (it is 'UNSYNCED').");
    }

    @Test
    void badNameMapEntriesAreRefused() {
        assertThatThrownBy(
                        () -> Memberships.parse(config(ConfigKeys.ROLE_TABLE, "r", ConfigKeys.ROLE_NAME_MAP, "ADMIN")))
                .hasMessage("roleNameMap: 'ADMIN' is not an entry of the form app-name=keycloak-name.");
        assertThatThrownBy(() ->
                        Memberships.parse(config(ConfigKeys.GROUP_TABLE, "g", ConfigKeys.GROUP_NAME_MAP, "=staff")))
                .hasMessage("groupNameMap: '=staff' is not an entry of the form app-name=keycloak-name.");
        assertThatThrownBy(() -> Memberships.parse(config(
                        ConfigKeys.ROLE_TABLE, "r",
                        ConfigKeys.ROLE_NAME_MAP, "ADMIN=admin",
                        ConfigKeys.ROLE_NAME_MAP, "ADMIN=root")))
                .hasMessage("roleNameMap: the app name 'ADMIN' is mapped twice.");
    }

    @Test
    void theKindsDeriveTheKeysOfTheApi() {
        assertThat(List.of(
                        MembershipKind.ROLE.tableKey(),
                        MembershipKind.ROLE.userColumnKey(),
                        MembershipKind.ROLE.nameColumnKey(),
                        MembershipKind.ROLE.nameMapKey(),
                        MembershipKind.ROLE.createMissingKey(),
                        MembershipKind.ROLE.modeKey(),
                        MembershipKind.GROUP.tableKey(),
                        MembershipKind.GROUP.userColumnKey(),
                        MembershipKind.GROUP.nameColumnKey(),
                        MembershipKind.GROUP.nameMapKey(),
                        MembershipKind.GROUP.createMissingKey(),
                        MembershipKind.GROUP.modeKey()))
                .containsExactlyElementsOf(KEYS.stream()
                        .filter(k -> !k.equals(ConfigKeys.ROLE_CLIENT))
                        .toList());
    }

    @Test
    void theAdminFormHasEveryOptionWithHelp() {
        Map<String, ProviderConfigProperty> form = new HashMap<>();
        ConfigProperties.all().forEach(p -> form.put(p.getName(), p));
        for (String key : KEYS) {
            assertThat(form).containsKey(key);
            assertThat(form.get(key).getHelpText()).isNotBlank();
            assertThat(form.get(key).getLabel()).isNotBlank();
        }
        assertThat(form.get(ConfigKeys.ROLE_NAME_MAP).getType())
                .isEqualTo(ProviderConfigProperty.MULTIVALUED_STRING_TYPE);
        assertThat(form.get(ConfigKeys.GROUP_MODE).getOptions()).containsExactly("READ_ONLY", "WRITABLE");
        assertThat(form.get(ConfigKeys.ROLE_USER_COLUMN).getDefaultValue()).isEqualTo("user_id");
        assertThat(form.get(ConfigKeys.GROUP_NAME_COLUMN).getDefaultValue()).isEqualTo("group_name");
        assertThat(form.get(ConfigKeys.ROLE_TABLE).getDefaultValue()).isNull();
    }
}
