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
import java.util.Set;

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
            if (isMissingTable(e)) {
                throw new InvalidConfigException("Table '" + mapping.table() + "' was not found in the database.");
            }
            throw e;
        }
    }

    /** "Undefined table" (or schema): SQLStates of PostgreSQL (42P01, 3F000) and of MariaDB/MySQL/H2 (42S02). */
    private static final Set<String> MISSING_TABLE_STATES = Set.of("42P01", "3F000", "42S02");
    /** Vendor codes: H2 42102 / 42104 (empty database) / 90079 (unknown schema), MariaDB/MySQL 1146. */
    private static final Set<Integer> MISSING_TABLE_CODES = Set.of(42102, 42104, 90079, 1146);

    private static boolean isMissingTable(SQLException e) {
        return MISSING_TABLE_STATES.contains(String.valueOf(e.getSQLState())) || MISSING_TABLE_CODES.contains(e.getErrorCode());
    }
}
