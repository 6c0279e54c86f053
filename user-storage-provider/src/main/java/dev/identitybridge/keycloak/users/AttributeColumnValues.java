package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.jdbc.AttributeColumnType;
import dev.identitybridge.keycloak.users.jdbc.TableShape;
import org.keycloak.models.ModelException;
import org.keycloak.storage.ReadOnlyException;

/**
 * The value an attribute of an attribute column is written to its column as, decided when Keycloak sets it (so that a
 * value the column cannot hold is refused with a readable message in the request, not when Keycloak commits).
 */
final class AttributeColumnValues {

    private AttributeColumnValues() {}

    /**
     * @param value the attribute's text, {@code null} to empty the column
     * @throws ModelException    when the column cannot hold the value (Keycloak answers 400 with the message)
     * @throws ReadOnlyException when the column's type is not one Keycloak writes
     */
    static Object bindable(TableMapping mapping, TableShape shape, String attribute, String value) {
        String column = mapping.attributes()
                .column(attribute)
                .orElseThrow(() -> new IllegalArgumentException(attribute + " is not an attribute column"));
        AttributeColumnType type = shape.attributeType(column);
        if (type == AttributeColumnType.UNSUPPORTED) {
            throw new ReadOnlyException("The attribute '" + attribute
                    + "' of this user is read-only: its column's type cannot be written from Keycloak.");
        }
        if (value == null) {
            if (!shape.nullable(column)) {
                throw new ModelException(
                        "The attribute '" + attribute + "' cannot be empty: its column does not accept empty values.");
            }
            return null;
        }
        return type.toParameter(value)
                .orElseThrow(
                        () -> new ModelException("The attribute '" + attribute + "' must be " + type.expected() + "."));
    }
}
