package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.TableMapping;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * When Keycloak writes to the app table, "one row per person" holds only if the database itself refuses a second row
 * with the same username, email or auth id: Keycloak's own duplicate checks run before its transaction, so two
 * concurrent registrations (or a registration racing the app's sign-up) would otherwise both insert. Reads the
 * table's unique indexes and constraints from {@link DatabaseMetaData#getIndexInfo}; a unique index counts for a column
 * when it has that single column, or a single expression on it (PostgreSQL's {@code lower(username)}).
 */
public final class UniqueIndexes {

    private UniqueIndexes() {}

    /** What the table lacks: one entry per column without a unique index, with the statement that would create it. */
    public record Missing(String option, String column, String createStatement) {}

    /**
     * @return the mapped identity columns (username, email, auth id) without a unique index of their own; empty when
     * the table is a view (its base table's indexes cannot be seen from here)
     */
    public static List<Missing> missing(Connection connection, TableMapping mapping, Dialect dialect)
            throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        MetadataTable table = MetadataTable.of(mapping.table(), dialect, connection);
        if (table.isView(meta)) {
            return List.of();
        }
        List<List<String>> uniqueIndexes = table.indexColumns(meta, true);
        Map<String, String> required = new LinkedHashMap<>();
        required.put("columnUsername", mapping.username());
        mapping.email().ifPresent(c -> required.put("columnEmail", c));
        mapping.authId().ifPresent(c -> required.put("columnAuthId", c));
        List<Missing> missing = new ArrayList<>();
        required.forEach((option, column) -> {
            if (uniqueIndexes.stream().noneMatch(columns -> covers(columns, column))) {
                missing.add(new Missing(option, column, createStatement(mapping.table(), column, option, dialect)));
            }
        });
        return missing;
    }

    private static boolean covers(List<String> indexColumns, String column) {
        if (indexColumns.size() != 1 || indexColumns.get(0) == null) {
            return false;
        }
        String indexed = indexColumns.get(0);
        return indexed.equalsIgnoreCase(column)
                || indexed.equalsIgnoreCase("\"" + column + "\"")
                || Pattern.compile("\\b" + Pattern.quote(column) + "\\b", Pattern.CASE_INSENSITIVE)
                        .matcher(indexed)
                        .find();
    }

    /** Usernames and emails are indexed the way the dialect compares them ({@link Dialect#caseInsensitiveIndex}); auth ids as they are. */
    static String createStatement(String table, String column, String option, Dialect dialect) {
        String bareTable = table.substring(table.lastIndexOf('.') + 1);
        String indexed = !"columnAuthId".equals(option) ? dialect.caseInsensitiveIndex(column) : column;
        return "CREATE UNIQUE INDEX ux_" + bareTable + "_" + column + " ON " + table + " (" + indexed + ")";
    }
}
