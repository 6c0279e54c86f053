package dev.identitybridge.keycloak.users.jdbc;

import java.sql.Types;
import java.util.Optional;
import java.util.UUID;

/**
 * How an app user id, which Keycloak always handles as text, is bound to the id column: as text, as a
 * UUID, or as a whole number. Decided once from the column's JDBC type.
 */
public enum IdColumnType {
    TEXT,
    UUID_VALUE,
    WHOLE_NUMBER;

    public static IdColumnType fromJdbcType(int jdbcType, String typeName) {
        if (typeName != null && typeName.equalsIgnoreCase("uuid")) {
            return UUID_VALUE;
        }
        return switch (jdbcType) {
            case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT, Types.NUMERIC, Types.DECIMAL ->
                WHOLE_NUMBER;
            default -> TEXT;
        };
    }

    /** The value to bind for {@code id}, or empty when {@code id} cannot be a value of this column. */
    public Optional<Object> toParameter(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        try {
            return switch (this) {
                case TEXT -> Optional.of(id);
                case UUID_VALUE -> canonical(UUID.fromString(id), id);
                case WHOLE_NUMBER -> canonical(Long.parseLong(id), id);
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Only the canonical spelling names a user: "042" or "+42" must not find user 42. */
    private static Optional<Object> canonical(Object parsed, String id) {
        return parsed.toString().equalsIgnoreCase(id) ? Optional.of(parsed) : Optional.empty();
    }
}
