package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.JoinTable;
import dev.identitybridge.keycloak.users.config.MembershipKind;
import dev.identitybridge.keycloak.users.config.Memberships;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SQL text of every statement on the role and group join tables. Identifiers come from validated configuration;
 * every value is a bind parameter.
 */
public final class MembershipSql {

    /** The first column of {@link #namesOfUser()}: which join table a name comes from. */
    public static final int ROLE_ROW = 1;

    public static final int GROUP_ROW = 2;

    private final Memberships memberships;
    private final TableMapping users;
    private final List<String> userColumns;
    private final Dialect dialect;

    /** @param userColumns the users table's columns read for a user ({@link UserSql#selectedColumns()}) */
    public MembershipSql(Memberships memberships, TableMapping users, List<String> userColumns, Dialect dialect) {
        this.memberships = memberships;
        this.users = users;
        this.userColumns = List.copyOf(userColumns);
        this.dialect = dialect;
    }

    /**
     * The user's role and group names in one statement (one bind of the user id per mapped join table): rows of
     * {@code (kind, name)}, kind {@value #ROLE_ROW} for roles and {@value #GROUP_ROW} for groups. Each part is an
     * indexed lookup of the join table's user column. Empty when no join table is mapped.
     */
    public String namesOfUser() {
        List<String> parts = new ArrayList<>();
        memberships.roles().ifPresent(m -> parts.add(namesPart(ROLE_ROW, m.joinTable())));
        memberships.groups().ifPresent(m -> parts.add(namesPart(GROUP_ROW, m.joinTable())));
        return String.join(" UNION ALL ", parts);
    }

    /** How many user ids {@link #namesOfUser()} binds. */
    public int namesOfUserBinds() {
        return (int) memberships.mapped().count();
    }

    private String namesPart(int kind, JoinTable join) {
        return "SELECT " + kind + " AS kind, " + dialect.asText(join.nameColumn()) + " AS name FROM " + join.table()
                + " WHERE " + join.userColumn() + " = ?";
    }

    /** Adds one membership. Binds: user id, name. */
    public String insert(MembershipKind kind) {
        JoinTable join = join(kind);
        return "INSERT INTO " + join.table() + " (" + join.userColumn() + ", " + join.nameColumn() + ") VALUES (?, ?)";
    }

    /** Removes the user's rows with any of {@code names} names. Binds: user id, then each name. */
    public String delete(MembershipKind kind, int names) {
        JoinTable join = join(kind);
        return "DELETE FROM " + join.table() + " WHERE " + join.userColumn() + " = ? AND " + join.nameColumn()
                + in(names);
    }

    /**
     * One page of the app users with a group row of any of {@code names} names, in username order like the user search.
     * Binds: each name, limit, offset.
     */
    public String groupMembers(int names) {
        return "SELECT " + String.join(", ", userColumns) + " FROM " + users.table() + " WHERE "
                + memberCondition(names) + " ORDER BY " + dialect.caseInsensitive(users.username()) + dialect.paging();
    }

    /** How many app users have a group row of any of {@code names} names. Binds: each name. */
    public String countGroupMembers(int names) {
        return "SELECT COUNT(*) FROM " + users.table() + " WHERE " + memberCondition(names);
    }

    private String memberCondition(int names) {
        JoinTable join = join(MembershipKind.GROUP);
        return users.id() + " IN (SELECT " + join.userColumn() + " FROM " + join.table() + " WHERE " + join.nameColumn()
                + in(names) + ")";
    }

    /** Selects no row but describes the join table's columns; fails when the table does not exist. */
    public static String describe(JoinTable join) {
        return "SELECT * FROM " + join.table() + " WHERE 1=0";
    }

    private JoinTable join(MembershipKind kind) {
        return memberships
                .of(kind)
                .orElseThrow(() -> new IllegalStateException("no " + kind.word() + " table is mapped"))
                .joinTable();
    }

    private static String in(int values) {
        if (values < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return " IN (" + String.join(", ", Collections.nCopies(values, "?")) + ")";
    }
}
