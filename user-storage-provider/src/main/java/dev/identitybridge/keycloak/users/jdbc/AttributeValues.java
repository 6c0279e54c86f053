package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.AttributeColumn;
import dev.identitybridge.keycloak.users.config.AttributeColumns;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the attribute columns of a row selected by {@link UserSql} as the text Keycloak keeps in attributes: text as
 * stored, numbers in plain notation, booleans as {@code true}/{@code false}, dates as {@code yyyy-mm-dd}, anything else
 * as the driver renders it. An empty column (NULL or an empty string) gives no value.
 */
final class AttributeValues {

    private AttributeValues() {}

    static Map<String, String> read(ResultSet rs, AttributeColumns attributes) throws SQLException {
        if (attributes.isEmpty()) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        for (AttributeColumn entry : attributes.entries()) {
            String value = text(rs, entry.column());
            if (value != null && !value.isEmpty()) {
                values.put(entry.attribute(), value);
            }
        }
        return values;
    }

    private static String text(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        if (value instanceof Date d) {
            return d.toLocalDate().toString();
        }
        return rs.getString(column);
    }
}
