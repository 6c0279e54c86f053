package dev.identitybridge.keycloak.users.config;

/**
 * The two kinds of membership an app keeps in a join table next to its users table: roles and groups. Each names its
 * six component options (the same six words with a {@code role} or {@code group} prefix), so that parsing, the
 * admin-console form and messages treat both alike.
 */
public enum MembershipKind {
    ROLE("role", "roles", "Roles"),
    GROUP("group", "groups", "Groups");

    private final String prefix;
    private final String plural;
    private final String label;

    MembershipKind(String prefix, String plural, String label) {
        this.prefix = prefix;
        this.plural = plural;
        this.label = label;
    }

    /** {@code roleTable} / {@code groupTable}. */
    public String tableKey() {
        return prefix + "Table";
    }

    public String userColumnKey() {
        return prefix + "UserColumn";
    }

    public String nameColumnKey() {
        return prefix + "NameColumn";
    }

    public String nameMapKey() {
        return prefix + "NameMap";
    }

    /** {@code createMissingRoles} / {@code createMissingGroups}. */
    public String createMissingKey() {
        return "createMissing" + label;
    }

    public String modeKey() {
        return prefix + "Mode";
    }

    /** {@code role} / {@code group}, for messages. */
    public String word() {
        return prefix;
    }

    /** {@code roles} / {@code groups}, for messages and metric names. */
    public String plural() {
        return plural;
    }

    /** {@code Roles} / {@code Groups}, for admin-console labels. */
    public String label() {
        return label;
    }

    /** The reference schema's join-table column holding the role or group name. */
    public String defaultNameColumn() {
        return prefix + "_name";
    }
}
