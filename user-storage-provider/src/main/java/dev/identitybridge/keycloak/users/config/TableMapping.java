package dev.identitybridge.keycloak.users.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which table holds the app users and which column holds each user property. Optional columns are
 * {@link Optional#empty()} when the admin left them blank ("not mapped"). All names are validated SQL
 * identifiers (see {@link SqlIdentifiers}). {@code attributes} are the further columns exposed as user attributes
 * (option {@code attributeColumns}).
 */
public record TableMapping(
        String table,
        String id,
        String username,
        Optional<String> email,
        Optional<String> emailVerified,
        Optional<String> firstName,
        Optional<String> lastName,
        Optional<String> enabled,
        Optional<String> passwordHash,
        Optional<String> authId,
        Optional<String> createdAt,
        Optional<String> updatedAt,
        AttributeColumns attributes) {

    /** This mapping with {@code attributes} as its attribute columns. */
    public TableMapping withAttributes(AttributeColumns attributes) {
        return new TableMapping(
                table,
                id,
                username,
                email,
                emailVerified,
                firstName,
                lastName,
                enabled,
                passwordHash,
                authId,
                createdAt,
                updatedAt,
                attributes);
    }

    /**
     * Every mapped column, keyed by its configuration key (an attribute column by its entry,
     * {@code attributeColumns entry phone_number=phone}), in a stable order.
     */
    public Map<String, String> mappedColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put(ConfigKeys.COLUMN_ID, id);
        columns.put(ConfigKeys.COLUMN_USERNAME, username);
        email.ifPresent(c -> columns.put(ConfigKeys.COLUMN_EMAIL, c));
        emailVerified.ifPresent(c -> columns.put(ConfigKeys.COLUMN_EMAIL_VERIFIED, c));
        firstName.ifPresent(c -> columns.put(ConfigKeys.COLUMN_FIRST_NAME, c));
        lastName.ifPresent(c -> columns.put(ConfigKeys.COLUMN_LAST_NAME, c));
        enabled.ifPresent(c -> columns.put(ConfigKeys.COLUMN_ENABLED, c));
        passwordHash.ifPresent(c -> columns.put(ConfigKeys.COLUMN_PASSWORD_HASH, c));
        authId.ifPresent(c -> columns.put(ConfigKeys.COLUMN_AUTH_ID, c));
        createdAt.ifPresent(c -> columns.put(ConfigKeys.COLUMN_CREATED_AT, c));
        updatedAt.ifPresent(c -> columns.put(ConfigKeys.COLUMN_UPDATED_AT, c));
        attributes.entries().forEach(e -> columns.put(ConfigKeys.ATTRIBUTE_COLUMNS + " entry " + e, e.column()));
        return columns;
    }
}
