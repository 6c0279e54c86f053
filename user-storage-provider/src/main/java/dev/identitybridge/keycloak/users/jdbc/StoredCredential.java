package dev.identitybridge.keycloak.users.jdbc;

/**
 * What a password check needs from the app row, read fresh for every check (never cached): the stored
 * hash ({@code null} when none is set), whether the app row is enabled (true when not mapped) and the linked
 * auth id ({@code null} when empty or not mapped).
 */
public record StoredCredential(String passwordHash, boolean enabled, String authId) {

    @Override
    public String toString() {
        return "StoredCredential[passwordHash=" + (passwordHash == null ? "none" : "***") + ", enabled=" + enabled
                + ", authId=" + authId + "]";
    }
}
