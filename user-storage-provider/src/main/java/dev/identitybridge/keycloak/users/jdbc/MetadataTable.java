package dev.identitybridge.keycloak.users.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A configured table name as {@link java.sql.DatabaseMetaData} calls look it up: by schema, or by catalog (= database)
 * where the dialect says so, with unquoted names folded as the database folds them.
 */
record MetadataTable(String catalog, String schema, String name) {

    static MetadataTable of(String table, Dialect dialect, Connection connection) throws SQLException {
        int dot = table.lastIndexOf('.');
        String qualifier = dot < 0 ? null : fold(table.substring(0, dot), dialect);
        String name = fold(table.substring(dot + 1), dialect);
        if (dialect.indexMetadataByCatalog()) {
            return new MetadataTable(qualifier == null ? connection.getCatalog() : qualifier, null, name);
        }
        return new MetadataTable(null, qualifier == null ? connection.getSchema() : qualifier, name);
    }

    /**
     * The columns of each index of the table, in index order (an expression index reports its expression, or null).
     *
     * @param uniqueOnly only unique indexes and constraints
     */
    List<List<String>> indexColumns(DatabaseMetaData meta, boolean uniqueOnly) throws SQLException {
        Map<String, Map<Integer, String>> indexes = new HashMap<>();
        try (ResultSet rs = meta.getIndexInfo(catalog, schema, name, uniqueOnly, true)) {
            while (rs.next()) {
                if (rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
                        || (uniqueOnly && rs.getBoolean("NON_UNIQUE"))) {
                    continue;
                }
                String index = Optional.ofNullable(rs.getString("INDEX_NAME")).orElse("");
                indexes.computeIfAbsent(index, n -> new HashMap<>())
                        .put((int) rs.getShort("ORDINAL_POSITION"), rs.getString("COLUMN_NAME"));
            }
        }
        return indexes.values().stream()
                .map(columns -> List.copyOf(new TreeMap<>(columns).values()))
                .toList();
    }

    /** Whether it is a view (whose base table's indexes cannot be seen from here). */
    boolean isView(DatabaseMetaData meta) throws SQLException {
        try (ResultSet rs = meta.getTables(catalog, schema, name, null)) {
            while (rs.next()) {
                String type = rs.getString("TABLE_TYPE");
                if (type != null && type.toUpperCase(Locale.ROOT).contains("VIEW")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String fold(String identifier, Dialect dialect) {
        String folded = dialect.foldUnquoted(identifier);
        return folded == null ? identifier : folded;
    }
}
