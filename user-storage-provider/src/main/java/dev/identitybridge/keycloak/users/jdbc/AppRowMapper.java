package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.AppRow;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/** Turns a row selected by {@link UserSql} into an {@link AppRow}, tolerating common column types. */
final class AppRowMapper {

    private final TableMapping mapping;

    AppRowMapper(TableMapping mapping) {
        this.mapping = mapping;
    }

    AppRow map(ResultSet rs) throws SQLException {
        return new AppRow(
                rs.getString(mapping.id()),
                rs.getString(mapping.username()),
                text(rs, mapping.email()),
                bool(rs, mapping.emailVerified()),
                text(rs, mapping.firstName()),
                text(rs, mapping.lastName()),
                bool(rs, mapping.enabled()),
                text(rs, mapping.authId()),
                timestamp(rs, mapping.createdAt()),
                AttributeValues.read(rs, mapping.attributes()));
    }

    private static String text(ResultSet rs, Optional<String> column) throws SQLException {
        return column.isPresent() ? rs.getString(column.get()) : null;
    }

    /** Booleans may be stored as BOOLEAN, BIT, TINYINT(1)/INTEGER, or text such as 'true', 't', 'y', '1'. */
    static Boolean bool(ResultSet rs, Optional<String> column) throws SQLException {
        if (column.isEmpty()) {
            return null;
        }
        Object value = rs.getObject(column.get());
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        return s.equals("true") || s.equals("t") || s.equals("y") || s.equals("yes") || s.equals("1");
    }

    /** Epoch milliseconds from a TIMESTAMP (with or without time zone, read as UTC) or a number of epoch ms. */
    static Long timestamp(ResultSet rs, Optional<String> column) throws SQLException {
        if (column.isEmpty()) {
            return null;
        }
        Object value = rs.getObject(column.get());
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.getTime();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant().toEpochMilli();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        return null;
    }
}
