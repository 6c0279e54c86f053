package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.jdbc.AttributeColumnType;
import dev.identitybridge.keycloak.users.jdbc.TableShape;
import org.keycloak.storage.ReadOnlyException;

/**
 * The value an attribute of an attribute column is written to its column as, decided when Keycloak sets it, so that a
 * value the column cannot hold is refused in the request with a readable message rather than failing when Keycloak
 * commits. The refusal is a {@link ReadOnlyException}: the admin and account APIs answer it with its message and 400,
 * and Keycloak ignores it where it sets an attribute on its own (the language picked on the login page).
 */
final class AttributeColumnValues {

    private AttributeColumnValues() {}

    /**
     * @param value the attribute's text, {@code null} to empty the column
     * @throws ReadOnlyException when the column cannot hold the value, or its type is not one Keycloak writes
     */
    static Object bindable(TableMapping mapping, TableShape shape, String attribute, String value) {
        String column = mapping.attributes()
                .column(attribute)
                .orElseThrow(() -> new IllegalArgumentException(attribute + " is not an attribute column"));
        TableShape.Column described = shape.column(column);
        AttributeColumnType type = AttributeColumnType.of(described);
        if (type == AttributeColumnType.UNSUPPORTED) {
            throw refused(attribute, "is read-only: its column's type cannot be written from Keycloak");
        }
        if (value == null) {
            if (!described.nullable()) {
                throw refused(attribute, "cannot be empty: its column does not accept empty values");
            }
            return null;
        }
        if (type == AttributeColumnType.TEXT && described.size() > 0 && value.length() > described.size()) {
            throw refused(attribute, "is too long: its column holds at most " + described.size() + " characters");
        }
        return type.toParameter(value).orElseThrow(() -> refused(attribute, "must be " + type.expected()));
    }

    private static ReadOnlyException refused(String attribute, String reason) {
        return new ReadOnlyException("The attribute '" + attribute + "' " + reason + ".");
    }
}
