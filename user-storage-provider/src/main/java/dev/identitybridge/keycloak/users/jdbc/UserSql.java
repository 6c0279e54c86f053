package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.TableMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL text of every statement the provider runs against the app table. Identifiers come from a
 * validated {@link TableMapping}; every value is a bind parameter.
 */
public final class UserSql {

    private final TableMapping mapping;
    private final Dialect dialect;
    private final List<String> selectedColumns;

    public UserSql(TableMapping mapping, Dialect dialect) {
        this.mapping = mapping;
        this.dialect = dialect;
        List<String> columns = new ArrayList<>();
        columns.add(mapping.id());
        columns.add(mapping.username());
        mapping.email().ifPresent(columns::add);
        mapping.emailVerified().ifPresent(columns::add);
        mapping.firstName().ifPresent(columns::add);
        mapping.lastName().ifPresent(columns::add);
        mapping.enabled().ifPresent(columns::add);
        mapping.authId().ifPresent(columns::add);
        mapping.createdAt().ifPresent(columns::add);
        columns.addAll(mapping.attributes().columns());
        this.selectedColumns = List.copyOf(columns);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The profile columns read for a user, in select order (never the password hash). */
    public List<String> selectedColumns() {
        return selectedColumns;
    }

    public String selectById() {
        return select() + " WHERE " + mapping.id() + " = ?";
    }

    /** At most two rows, so that a duplicate can be detected. */
    public String selectByUsername() {
        return select() + " WHERE " + dialect.caseInsensitive(mapping.username()) + " = ?" + dialect.paging();
    }

    /** At most two rows, so that a duplicate email can be detected. */
    public String selectByEmail() {
        return select() + " WHERE " + dialect.caseInsensitive(mapping.email().orElseThrow()) + " = ?"
                + dialect.paging();
    }

    /** At most two rows, so that a duplicate can be detected. The auth id column must be mapped. */
    public String selectByAuthId() {
        return select() + " WHERE " + mapping.authId().orElseThrow() + " = ?" + dialect.paging();
    }

    /** Rows whose auth id is empty, after a given id, in id order (keyset paging). Binds: after id, limit, offset 0. */
    public String selectUnlinked(boolean fromStart) {
        return select() + " WHERE " + mapping.authId().orElseThrow() + " IS NULL"
                + (fromStart ? "" : " AND " + mapping.id() + " > ?") + " ORDER BY " + mapping.id() + dialect.paging();
    }

    /** The password hash column (which must be mapped) and, when mapped, the enabled and auth id columns. */
    public String selectCredential() {
        String columns = mapping.passwordHash().orElseThrow()
                + mapping.enabled().map(e -> ", " + e).orElse("")
                + mapping.authId().map(a -> ", " + a).orElse("");
        return "SELECT " + columns + " FROM " + mapping.table() + " WHERE " + mapping.id() + " = ?";
    }

    /** Inserts one row; {@code columns} are validated mapped column names, bound in order. */
    public String insert(List<String> columns) {
        return "INSERT INTO " + mapping.table() + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    }

    /** Sets {@code columns} (bound in order) of the row whose id is bound last. */
    public String update(List<String> columns) {
        return "UPDATE " + mapping.table() + " SET " + assignments(columns) + " WHERE " + mapping.id() + " = ?";
    }

    public String delete() {
        return "DELETE FROM " + mapping.table() + " WHERE " + mapping.id() + " = ?";
    }

    /**
     * Sets the auth id (and {@code updated_at} when mapped) only while it is still empty, so a concurrent link or
     * an existing value is never overwritten. Binds: auth id, [updated at], id.
     */
    public String linkAuthId() {
        return "UPDATE " + mapping.table() + " SET "
                + assignments(withUpdatedAt(mapping.authId().orElseThrow())) + " WHERE " + mapping.id() + " = ? AND "
                + mapping.authId().orElseThrow() + " IS NULL";
    }

    /**
     * Replaces the password hash (and {@code updated_at} when mapped) only if it is still the one that was
     * verified, so concurrent logins upgrade it once. Binds: new hash, [updated at], id, old hash.
     */
    public String replacePasswordHash() {
        String column = mapping.passwordHash().orElseThrow();
        return "UPDATE " + mapping.table() + " SET " + assignments(withUpdatedAt(column)) + " WHERE " + mapping.id()
                + " = ? AND " + column + " = ?";
    }

    private List<String> withUpdatedAt(String column) {
        List<String> columns = new ArrayList<>(List.of(column));
        mapping.updatedAt().ifPresent(columns::add);
        return columns;
    }

    private static String assignments(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> c + " = ?").toList());
    }

    /**
     * One page of matches in username order. The order compares usernames as lookups do (case-insensitively), so that
     * PostgreSQL walks the {@code lower(username)} index for a first page instead of sorting the whole table.
     */
    public String search(SqlCondition condition) {
        return select() + " WHERE " + condition.sql() + " ORDER BY " + dialect.caseInsensitive(mapping.username())
                + dialect.paging();
    }

    public String count(SqlCondition condition) {
        return "SELECT COUNT(*) FROM " + mapping.table() + " WHERE " + condition.sql();
    }

    /** Selects no row but describes the table's columns; fails when the table does not exist. */
    public String describeTable() {
        return "SELECT * FROM " + mapping.table() + " WHERE 1=0";
    }

    private String select() {
        return "SELECT " + String.join(", ", selectedColumns) + " FROM " + mapping.table();
    }
}
