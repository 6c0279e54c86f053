package dev.identitybridge.keycloak.users.api;

/** What a new app row is made of: the Keycloak user's profile and the subject it is linked to. */
public record NewAppUser(
        String username,
        String email,
        boolean emailVerified,
        String firstName,
        String lastName,
        boolean enabled,
        String authId) {}
