package dev.identitybridge.keycloak.users.config;

/** What removing an app user in Keycloak does to the app row (option {@code onDelete}). */
public enum DeleteAction {
    /** The row is deleted. */
    DELETE,
    /** The row stays and its enabled column is set to false. */
    DISABLE,
    /** Removal is refused ("User couldn't be deleted"). */
    REFUSE
}
