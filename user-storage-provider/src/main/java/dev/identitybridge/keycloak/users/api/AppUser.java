package dev.identitybridge.keycloak.users.api;

import java.time.Instant;

/**
 * An app user as the other Identity Bridge modules see it: one row of the app's users table (never its password
 * hash). Properties whose column is not mapped are {@code null}.
 *
 * @param authId    the Keycloak subject stored in the auth id column ({@code null} or empty: not linked)
 * @param createdAt when the row was created, if the column is mapped
 */
public record AppUser(
        String id, String email, Boolean emailVerified, Boolean enabled, String authId, Instant createdAt) {

    /** Whether the auth id column holds a subject. */
    public boolean linked() {
        return authId != null && !authId.isEmpty();
    }
}
