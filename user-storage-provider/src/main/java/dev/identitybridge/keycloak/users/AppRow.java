package dev.identitybridge.keycloak.users;

import java.util.Map;

/**
 * One row of the app's users table, as read (never including the password hash). Properties whose
 * column is not mapped are {@code null}. {@code attributes} holds the values of the attribute columns
 * (option {@code attributeColumns}) by attribute name; an empty column has no entry.
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
        Long createdTimestamp,
        Map<String, String> attributes) {

    public AppRow {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
