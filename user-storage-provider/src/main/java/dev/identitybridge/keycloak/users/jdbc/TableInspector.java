package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.config.TableMapping;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that the mapped table and columns exist, reading only metadata ({@code SELECT * ... WHERE 1=0}),
 * and tells how the id column is typed. The table is never altered.
 */
public final class TableInspector {

    private TableInspector() {
    }

    /**
     * @throws InvalidConfigException when the table or a mapped column is missing
     * @throws SQLException           when the database cannot be queried at all
     */
    public static IdColumnType inspect(Connection connection, TableMapping mapping, UserSql sql) throws SQLException {
        Map<String, Integer> columnIndex = new HashMap<>();
        ResultSetMetaData meta;
        try (PreparedStatement statement = connection.prepareStatement(sql.describeTable());
             ResultSet rs = statement.executeQuery()) {
            meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columnIndex.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), i);
            }
            for (Map.Entry<String, String> mapped : mapping.mappedColumns().entrySet()) {
                if (!columnIndex.containsKey(mapped.getValue().toLowerCase(Locale.ROOT))) {
                    throw new InvalidConfigException("Column '" + mapped.getValue() + "' (option " + mapped.getKey()
                            + ") does not exist in table '" + mapping.table() + "'.");
                }
            }
            int idIndex = columnIndex.get(mapping.id().toLowerCase(Locale.ROOT));
            return IdColumnType.fromJdbcType(meta.getColumnType(idIndex), meta.getColumnTypeName(idIndex));
        } catch (SQLException e) {
            if (isMissingTable(connection, mapping.table())) {
                throw new InvalidConfigException("Table '" + mapping.table() + "' was not found in the database.");
            }
            throw e;
        }
    }

    private static boolean isMissingTable(Connection connection, String table) {
        String schema = null;
        String name = table;
        int dot = table.indexOf('.');
        if (dot > 0) {
            schema = table.substring(0, dot);
            name = table.substring(dot + 1);
        }
        try {
            for (String candidate : new String[]{name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)}) {
                if (tableExists(connection, schema, candidate)) {
                    return false;
                }
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean tableExists(Connection connection, String schema, String name) throws SQLException {
        // MariaDB/MySQL report schemas as catalogs
        try (ResultSet rs = connection.getMetaData().getTables(schema, null, name, null)) {
            if (rs.next()) {
                return true;
            }
        }
        try (ResultSet rs = connection.getMetaData().getTables(null, schema, name, null)) {
            return rs.next();
        }
    }
}
