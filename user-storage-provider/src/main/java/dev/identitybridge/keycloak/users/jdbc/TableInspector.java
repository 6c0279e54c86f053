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
        Map<String, TableShape.Column> columns =
                columns(connection, mapping.table(), sql.describeTable(), mapping.mappedColumns(), sql.dialect());
        TableShape.Column id = columns.get(mapping.id().toLowerCase(Locale.ROOT));
        return new TableShape(IdColumnType.fromJdbcType(id.jdbcType(), id.typeName()), columns);
    }

    /**
     * The columns {@code mapped} names (option key to column name) of {@code table}, keyed by lower-cased name.
     *
     * @param describe a statement that selects no row of the table ({@code SELECT * FROM table WHERE 1=0})
     * @throws InvalidConfigException when the table or a column is missing, or a column's name is case-sensitive
     */
    static Map<String, TableShape.Column> columns(
            Connection connection, String table, String describe, Map<String, String> mapped, Dialect dialect)
            throws SQLException {
        Map<String, Integer> columnIndex = new HashMap<>();
        Map<String, String> actualNames = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(describe);
                ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columnIndex.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), i);
                actualNames.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), meta.getColumnName(i));
            }
            Map<String, TableShape.Column> columns = new HashMap<>();
            for (Map.Entry<String, String> column : mapped.entrySet()) {
                String key = column.getValue().toLowerCase(Locale.ROOT);
                if (!columnIndex.containsKey(key)) {
                    throw new InvalidConfigException("Column '" + column.getValue() + "' (option " + column.getKey()
                            + ") does not exist in table '" + table + "'.");
                }
                String folded = dialect.foldUnquoted(column.getValue());
                if (folded != null && !folded.equals(actualNames.get(key))) {
                    throw new InvalidConfigException("Column '" + actualNames.get(key) + "' (option " + column.getKey()
                            + ") has a case-sensitive name, which this provider cannot use unquoted: "
                            + "rename the column or map a view with plain names.");
                }
                columns.put(key, TableShape.column(meta, columnIndex.get(key)));
            }
            return columns;
        } catch (SQLException e) {
            if (Dialect.isMissingTable(e)) {
                throw new InvalidConfigException("Table '" + table + "' was not found in the database.");
            }
            if (Dialect.isSyntaxError(e)) {
                throw new InvalidConfigException("Table name '" + table + "' cannot be used unquoted in SQL "
                        + "(a reserved word such as 'user'?): map a view with a plain name.");
            }
            throw e;
        }
    }
}
