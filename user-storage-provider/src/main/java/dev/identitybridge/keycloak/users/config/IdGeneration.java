package dev.identitybridge.keycloak.users.config;

/** Where the id of an app row created by Keycloak comes from (option {@code idGeneration}). */
public enum IdGeneration {
    /** Keycloak generates a random UUID (text or UUID id columns). */
    UUID,
    /** The database generates it (identity, serial or auto-increment id columns). */
    DATABASE
}
