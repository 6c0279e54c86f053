package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.AttributeColumn;
import dev.identitybridge.keycloak.users.config.AttributeColumns;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.math.BigDecimal;
import java.sql.Types;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * How the text of a user attribute is bound to its attribute column, decided from the column's JDBC type: text as
 * it is, numbers, booleans, dates and UUIDs parsed into their Java types, so that a comparison or a write works on
 * every supported database without casts in SQL. Other types ({@link #UNSUPPORTED}: timestamps, binary, arrays,
 * JSON...) are refused when the component is saved; one that turns up later is read as text and neither searched nor
 * written.
 */
public enum AttributeColumnType {
    TEXT("text"),
    WHOLE_NUMBER("a whole number"),
    DECIMAL("a number"),
    BOOLEAN("true or false"),
    DATE("a date (yyyy-mm-dd)"),
    UUID_VALUE("a UUID"),
    UNSUPPORTED("not writable from Keycloak");

    private final String expected;

    AttributeColumnType(String expected) {
        this.expected = expected;
    }

    public static AttributeColumnType of(TableShape.Column column) {
        if (column.typeName() != null && column.typeName().equalsIgnoreCase("uuid")) {
            return UUID_VALUE;
        }
        return switch (column.jdbcType()) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> TEXT;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> WHOLE_NUMBER;
            case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE -> DECIMAL;
            case Types.BOOLEAN, Types.BIT -> BOOLEAN;
            case Types.DATE -> DATE;
            default -> UNSUPPORTED;
        };
    }

    /**
     * Refuses (on save) an attribute column whose type an attribute cannot hold.
     *
     * @throws InvalidConfigException naming the entry, the column's type and what to do
     */
    public static void requireSupported(AttributeColumns attributes, TableShape shape) {
        for (AttributeColumn entry : attributes.entries()) {
            TableShape.Column column = shape.column(entry.column());
            if (of(column) == UNSUPPORTED) {
                throw new InvalidConfigException("Attribute columns: entry '" + entry + "': the column '"
                        + entry.column() + "' has the type " + column.typeName()
                        + ", which an attribute cannot hold; map a column of text, number, boolean, date or UUID "
                        + "type (or a view that converts this one).");
            }
        }
    }

    /** What a value of this column must look like, for messages ("must be a whole number"). */
    public String expected() {
        return expected;
    }

    /** Whether a search compares ignoring case (text); the others compare values. */
    public boolean ignoresCase() {
        return this == TEXT;
    }

    /** The value to bind for {@code text}, or empty when it cannot be a value of this column. */
    public Optional<Object> toParameter(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return switch (this) {
                case TEXT -> Optional.of(text);
                case WHOLE_NUMBER -> Optional.of(Long.parseLong(text.trim()));
                case DECIMAL -> Optional.of(new BigDecimal(text.trim()));
                case BOOLEAN -> bool(text.trim());
                case DATE -> Optional.of(LocalDate.parse(text.trim()));
                case UUID_VALUE -> uuid(text.trim());
                case UNSUPPORTED -> Optional.empty();
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Object> bool(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            return Optional.of(Boolean.valueOf(lower));
        }
        return Optional.empty();
    }

    /** Only the canonical spelling: a UUID that reads differently would not match the stored value's text. */
    private static Optional<Object> uuid(String text) {
        try {
            UUID parsed = UUID.fromString(text);
            return parsed.toString().equalsIgnoreCase(text) ? Optional.of(parsed) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
