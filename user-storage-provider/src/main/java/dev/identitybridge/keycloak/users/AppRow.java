package dev.identitybridge.keycloak.users;

/**
 * One row of the app's users table, as read (never including the password hash). Properties whose
 * column is not mapped are {@code null}.
 */
public record AppRow(
        String id,
        String username,
        String email,
        Boolean emailVerified,
        String firstName,
        String lastName,
        Boolean enabled,
        String authId,
        Long createdTimestamp) {}
