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

    private TableInspector() {}

    /**
     * @throws InvalidConfigException when the table or a mapped column is missing
     * @throws SQLException           when the database cannot be queried at all
     */
    public static IdColumnType inspect(Connection connection, TableMapping mapping, UserSql sql) throws SQLException {
        return describe(connection, mapping, sql).idType();
    }

    /**
     * Like {@link #inspect}, and returns the type of every mapped column.
     */
    public static TableShape describe(Connection connection, TableMapping mapping, UserSql sql) throws SQLException {
        Map<String, Integer> columnIndex = new HashMap<>();
        Map<String, String> actualNames = new HashMap<>();
        ResultSetMetaData meta;
        try (PreparedStatement statement = connection.prepareStatement(sql.describeTable());
                ResultSet rs = statement.executeQuery()) {
            meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columnIndex.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), i);
                actualNames.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), meta.getColumnName(i));
            }
            for (Map.Entry<String, String> mapped : mapping.mappedColumns().entrySet()) {
                String key = mapped.getValue().toLowerCase(Locale.ROOT);
                if (!columnIndex.containsKey(key)) {
                    throw new InvalidConfigException("Column '" + mapped.getValue() + "' (option " + mapped.getKey()
                            + ") does not exist in table '" + mapping.table() + "'.");
                }
                String folded = sql.dialect().foldUnquoted(mapped.getValue());
                if (folded != null && !folded.equals(actualNames.get(key))) {
                    throw new InvalidConfigException("Column '" + actualNames.get(key) + "' (option " + mapped.getKey()
                            + ") has a case-sensitive name, which this provider cannot use unquoted: "
                            + "rename the column or map a view with plain names.");
                }
            }
            int idIndex = columnIndex.get(mapping.id().toLowerCase(Locale.ROOT));
            Map<String, TableShape.Column> columns = new HashMap<>();
            for (String mapped : mapping.mappedColumns().values()) {
                String key = mapped.toLowerCase(Locale.ROOT);
                columns.put(key, TableShape.column(meta, columnIndex.get(key)));
            }
            return new TableShape(
                    IdColumnType.fromJdbcType(meta.getColumnType(idIndex), meta.getColumnTypeName(idIndex)), columns);
        } catch (SQLException e) {
            if (Dialect.isMissingTable(e)) {
                throw new InvalidConfigException("Table '" + mapping.table() + "' was not found in the database.");
            }
            if (Dialect.isSyntaxError(e)) {
                throw new InvalidConfigException("Table name '" + mapping.table() + "' cannot be used unquoted in SQL "
                        + "(a reserved word such as 'user'?): map a view with a plain name.");
            }
            throw e;
        }
    }
}
