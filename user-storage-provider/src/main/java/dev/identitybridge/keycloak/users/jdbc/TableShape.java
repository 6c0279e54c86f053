package dev.identitybridge.keycloak.users.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * What the mapped columns of the app table look like, read once from the table's metadata: how ids are bound,
 * and how booleans and timestamps must be bound so that every supported column type accepts them (a BOOLEAN,
 * an INTEGER flag, a text flag; a TIMESTAMP, a TIMESTAMP WITH TIME ZONE or epoch milliseconds).
 */
public record TableShape(IdColumnType idType, Map<String, Column> columns) {

    /**
     * One column's JDBC type, as reported by the driver; {@code size} is its precision (the most characters of a text
     * column), 0 when unknown.
     */
    public record Column(int jdbcType, String typeName, boolean nullable, boolean autoIncrement, int size) {

        public Column(int jdbcType, String typeName, boolean nullable, boolean autoIncrement) {
            this(jdbcType, typeName, nullable, autoIncrement, 0);
        }
    }

    public TableShape {
        columns = Map.copyOf(columns);
    }

    public Column column(String name) {
        Column column = columns.get(name.toLowerCase(Locale.ROOT));
        if (column == null) {
            throw new IllegalArgumentException("unmapped column " + name);
        }
        return column;
    }

    /** Whether {@code NULL} may be stored in the column. */
    public boolean nullable(String name) {
        return column(name).nullable();
    }

    /** A boolean as the column stores it: BOOLEAN/BIT as is, numbers as 1/0, text as 'true'/'false'. */
    public Object booleanValue(String name, boolean value) {
        return switch (column(name).jdbcType()) {
            case Types.BOOLEAN, Types.BIT -> value;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL ->
                value ? 1 : 0;
            default -> Boolean.toString(value);
        };
    }

    /** How the text of a user attribute is bound to its attribute column. */
    public AttributeColumnType attributeType(String name) {
        return AttributeColumnType.of(column(name));
    }

    /** An instant as the column stores it: local UTC time, an offset time, or epoch milliseconds. */
    public Object timestampValue(String name, Instant value) {
        return switch (column(name).jdbcType()) {
            case Types.TIMESTAMP_WITH_TIMEZONE -> OffsetDateTime.ofInstant(value, ZoneOffset.UTC);
            case Types.BIGINT, Types.INTEGER, Types.NUMERIC, Types.DECIMAL -> value.toEpochMilli();
            default -> LocalDateTime.ofInstant(value, ZoneOffset.UTC);
        };
    }

    static Column column(ResultSetMetaData meta, int index) throws java.sql.SQLException {
        return new Column(
                meta.getColumnType(index),
                meta.getColumnTypeName(index),
                meta.isNullable(index) != ResultSetMetaData.columnNoNulls,
                meta.isAutoIncrement(index),
                Math.max(0, meta.getPrecision(index)));
    }
}
