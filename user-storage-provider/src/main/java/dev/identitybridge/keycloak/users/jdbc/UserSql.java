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
        return select() + " WHERE " + dialect.caseInsensitive(mapping.email().orElseThrow()) + " = ?" + dialect.paging();
    }

    /** The password hash column (which must be mapped) and, when mapped, the enabled column. */
    public String selectCredential() {
        String columns = mapping.passwordHash().orElseThrow() + mapping.enabled().map(e -> ", " + e).orElse("");
        return "SELECT " + columns + " FROM " + mapping.table() + " WHERE " + mapping.id() + " = ?";
    }

    public String search(SqlCondition condition) {
        return select() + " WHERE " + condition.sql() + " ORDER BY " + mapping.username() + dialect.paging();
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
