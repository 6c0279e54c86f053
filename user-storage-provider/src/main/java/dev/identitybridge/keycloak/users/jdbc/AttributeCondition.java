package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.AttributeColumns;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The search condition for an attribute of an attribute column: one equality on its column with the value as a bind
 * parameter, so that one indexed query answers it. Text compares ignoring case the way lookups do
 * ({@link Dialect#caseInsensitive}: {@code LOWER(column)} on PostgreSQL and H2, the column's collation on
 * MariaDB/MySQL), which is how Keycloak's own user store compares attribute values; other types compare the parsed value.
 * An attribute that is not one of these, a value its column cannot hold, or a column of an unsupported type matches
 * nobody.
 */
final class AttributeCondition {

    private final AttributeColumns attributes;
    private final Dialect dialect;
    private final Function<String, AttributeColumnType> typeOfColumn;

    AttributeCondition(
            AttributeColumns attributes, Dialect dialect, Function<String, AttributeColumnType> typeOfColumn) {
        this.attributes = attributes;
        this.dialect = dialect;
        this.typeOfColumn = typeOfColumn;
    }

    SqlCondition of(String attribute, String value) {
        Optional<String> column = attributes.column(attribute);
        if (column.isEmpty()) {
            return SqlCondition.NEVER;
        }
        AttributeColumnType type = typeOfColumn.apply(column.get());
        if (type.ignoresCase()) {
            return new SqlCondition(
                    dialect.caseInsensitive(column.get()) + " = ?", List.of(value.toLowerCase(Locale.ROOT)));
        }
        return type.toParameter(value)
                .map(parameter -> new SqlCondition(column.get() + " = ?", List.of(parameter)))
                .orElse(SqlCondition.NEVER);
    }
}
