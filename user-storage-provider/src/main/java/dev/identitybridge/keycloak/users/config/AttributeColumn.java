package dev.identitybridge.keycloak.users.config;

/**
 * One entry of {@code attributeColumns}: the Keycloak user attribute {@code attribute} holds the value of the app
 * table's column {@code column}. Both names are validated (see {@link AttributeColumns#parse}).
 */
public record AttributeColumn(String attribute, String column) {

    /** The entry as the admin writes it, {@code attribute=column}. */
    @Override
    public String toString() {
        return attribute + "=" + column;
    }
}
