package dev.identitybridge.keycloak.users.config;

/**
 * What Keycloak may do with the memberships an app keeps in a join table (options {@code roleMode},
 * {@code groupMode}).
 */
public enum JoinMode {
    /** The table is the source of truth: Keycloak shows its grants and refuses to change them. */
    READ_ONLY,
    /** Granting or removing a role (joining or leaving a group) in Keycloak inserts or deletes the row. */
    WRITABLE
}
