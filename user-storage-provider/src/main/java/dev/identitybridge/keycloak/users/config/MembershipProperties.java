package dev.identitybridge.keycloak.users.config;

import java.util.Arrays;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The admin-console options of the role and group join tables ({@link Memberships}), with their help texts. */
final class MembershipProperties {

    private MembershipProperties() {}

    static void addTo(ProviderConfigurationBuilder b) {
        for (MembershipKind kind : MembershipKind.values()) {
            String word = kind.word();
            string(
                    b,
                    kind.tableKey(),
                    kind.label().substring(0, kind.label().length() - 1) + " table",
                    "",
                    "Join table holding the app's " + kind.plural() + ": one row per user and " + word
                            + ", optionally schema-qualified (app.user_" + kind.plural() + "). Empty: " + kind.plural()
                            + " are not read from the app database. The save logs the CREATE INDEX statement of an "
                            + "index the table lacks.");
            string(
                    b,
                    kind.userColumnKey(),
                    kind.label().substring(0, kind.label().length() - 1) + " table: user column",
                    Memberships.DEFAULT_USER_COLUMN,
                    "Column of the " + word + " table holding the app user id (the value of the users table's id "
                            + "column). Needs an index.");
            string(
                    b,
                    kind.nameColumnKey(),
                    kind.label().substring(0, kind.label().length() - 1) + " table: name column",
                    kind.defaultNameColumn(),
                    kind == MembershipKind.ROLE
                            ? "Column holding the role name as the app spells it."
                            : "Column holding the group as the app spells it: a top-level group's name, or a path "
                                    + "such as /staff/editors. Needs an index for group member listings.");
            if (kind == MembershipKind.ROLE) {
                string(
                        b,
                        ConfigKeys.ROLE_CLIENT,
                        "Roles of client",
                        "",
                        "Client id whose client roles the app's roles are. Empty: realm roles.");
            }
            b.property()
                    .name(kind.nameMapKey())
                    .label(kind.label() + ": name map")
                    .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                    .helpText("Entries app-name=keycloak-name ("
                            + (kind == MembershipKind.ROLE ? "ADMIN=admin" : "STAFF=/staff/editors")
                            + "). A name without an entry is used as it is.")
                    .add();
            b.property()
                    .name(kind.createMissingKey())
                    .label("Create missing " + kind.plural())
                    .type(ProviderConfigProperty.BOOLEAN_TYPE)
                    .defaultValue("false")
                    .helpText("On: an app " + word + " with no Keycloak " + word + " of that name creates one. Off: it "
                            + "is ignored and counted (identity_bridge_unknown_app_" + kind.plural() + "_total).")
                    .add();
            b.property()
                    .name(kind.modeKey())
                    .label(kind.label() + ": mode")
                    .type(ProviderConfigProperty.LIST_TYPE)
                    .options(Arrays.stream(JoinMode.values()).map(Enum::name).toList())
                    .defaultValue(JoinMode.READ_ONLY.name())
                    .helpText("READ_ONLY: the table is the source of truth; Keycloak shows its " + kind.plural()
                            + ", refuses to remove them and refuses to "
                            + (kind == MembershipKind.ROLE ? "grant" : "join")
                            + " a " + word + " of the name map. WRITABLE: "
                            + (kind == MembershipKind.ROLE
                                    ? "granting or removing a role"
                                    : "joining or leaving a group")
                            + " in Keycloak inserts or deletes the row. Other " + kind.plural()
                            + " are kept by Keycloak as before.")
                    .add();
        }
    }

    private static void string(
            ProviderConfigurationBuilder b, String key, String label, String defaultValue, String help) {
        b.property()
                .name(key)
                .label(label)
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(defaultValue.isEmpty() ? null : defaultValue)
                .helpText(help)
                .add();
    }
}
