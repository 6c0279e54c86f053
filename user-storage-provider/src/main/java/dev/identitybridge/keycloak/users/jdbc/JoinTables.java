package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.JoinTable;
import dev.identitybridge.keycloak.users.config.MembershipKind;
import dev.identitybridge.keycloak.users.config.MembershipMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Looks at a role or group join table before it is used: that it and its two columns exist (metadata only, the table
 * is never altered), how its user column is typed, and which indexes the provider's statements need but the table
 * lacks.
 */
public final class JoinTables {

    private JoinTables() {}

    /** An index the join table lacks, with the statement that would create it. */
    public record MissingIndex(MembershipKind kind, String column, String why, String createStatement) {

        /** "roleTable 'user_roles' has no index on user_id (...): CREATE INDEX ...". */
        public String message(String table) {
            return kind.tableKey() + " '" + table + "' has no index on " + column + " (" + why + "); create it with: "
                    + createStatement;
        }
    }

    /**
     * How the join table's user column takes an app user id.
     *
     * @throws dev.identitybridge.keycloak.users.config.InvalidConfigException when the table or a column is missing
     */
    public static IdColumnType userColumnType(Connection connection, MembershipMapping mapping, Dialect dialect)
            throws SQLException {
        JoinTable join = mapping.joinTable();
        Map<String, String> mapped = new LinkedHashMap<>();
        mapped.put(mapping.kind().userColumnKey(), join.userColumn());
        mapped.put(mapping.kind().nameColumnKey(), join.nameColumn());
        TableShape.Column user = TableInspector.columns(
                        connection, join.table(), MembershipSql.describe(join), mapped, dialect)
                .get(join.userColumn().toLowerCase(Locale.ROOT));
        return IdColumnType.fromJdbcType(user.jdbcType(), user.typeName());
    }

    /**
     * The indexes the provider's statements need: on the user column (a user's roles and groups, read with the user)
     * and, for groups, on the name column (group member listings). An index counts for a column when the column leads
     * it. Empty for a view.
     */
    public static List<MissingIndex> missingIndexes(Connection connection, MembershipMapping mapping, Dialect dialect)
            throws SQLException {
        JoinTable join = mapping.joinTable();
        MetadataTable table = MetadataTable.of(join.table(), dialect, connection);
        java.sql.DatabaseMetaData meta = connection.getMetaData();
        if (table.isView(meta)) {
            return List.of();
        }
        List<List<String>> indexes = table.indexColumns(meta, false);
        List<MissingIndex> missing = new ArrayList<>();
        if (!leads(indexes, join.userColumn())) {
            missing.add(new MissingIndex(
                    mapping.kind(),
                    join.userColumn(),
                    "read with every user load",
                    createStatement(join.table(), join.userColumn())));
        }
        if (mapping.kind() == MembershipKind.GROUP && !leads(indexes, join.nameColumn())) {
            missing.add(new MissingIndex(
                    mapping.kind(),
                    join.nameColumn(),
                    "group member listings",
                    createStatement(join.table(), join.nameColumn())));
        }
        return missing;
    }

    private static boolean leads(List<List<String>> indexes, String column) {
        return indexes.stream()
                .anyMatch(columns -> !columns.isEmpty()
                        && columns.get(0) != null
                        && columns.get(0).equalsIgnoreCase(column));
    }

    static String createStatement(String table, String column) {
        String bareTable = table.substring(table.lastIndexOf('.') + 1);
        return "CREATE INDEX ix_" + bareTable + "_" + column + " ON " + table + " (" + column + ")";
    }
}
