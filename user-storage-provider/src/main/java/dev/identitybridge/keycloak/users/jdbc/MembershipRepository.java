package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.AppRow;
import dev.identitybridge.keycloak.users.config.MembershipKind;
import dev.identitybridge.keycloak.users.config.MembershipMapping;
import dev.identitybridge.keycloak.users.config.Memberships;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the role and group join tables of one component through its guarded connections: a user's names in
 * one statement, the app members of a group (paged and counted in the database), and the statements a role grant or
 * group join adds to the request's app-table writes. The join tables' user columns are looked at once, when first
 * needed (a database that is down must not block start-up).
 */
public final class MembershipRepository {

    private final GuardedConnections connections;
    private final Memberships memberships;
    private final MembershipSql sql;
    private final AppRowMapper rowMapper;
    private final Dialect dialect;
    private final Map<MembershipKind, IdColumnType> userColumnTypes = new EnumMap<>(MembershipKind.class);

    MembershipRepository(
            GuardedConnections connections,
            Memberships memberships,
            MembershipSql sql,
            AppRowMapper rowMapper,
            Dialect dialect) {
        this.connections = connections;
        this.memberships = memberships;
        this.sql = sql;
        this.rowMapper = rowMapper;
        this.dialect = dialect;
    }

    public Memberships memberships() {
        return memberships;
    }

    public MembershipSql sql() {
        return sql;
    }

    /** The user's role and group names, one indexed statement for both join tables (none when neither is mapped). */
    public MembershipNames namesOf(String appId) {
        if (!memberships.any()) {
            return MembershipNames.NONE;
        }
        List<Object> binds = new ArrayList<>();
        memberships
                .mapped()
                .forEach(m -> binds.add(userParameter(m.kind(), appId).orElse(null)));
        return connections.withConnection("read the roles and groups of a user", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.namesOfUser())) {
                GuardedConnections.bind(ps, binds);
                List<String> roles = new ArrayList<>();
                List<String> groups = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(2);
                        if (name == null || name.isBlank()) {
                            continue;
                        }
                        (rs.getInt(1) == MembershipSql.ROLE_ROW ? roles : groups).add(name.trim());
                    }
                }
                return new MembershipNames(roles, groups);
            }
        });
    }

    /** One page of the app users with a group row of any of {@code names}, in username order. */
    public List<AppRow> groupMembers(List<String> names, Integer first, Integer max) {
        if (names.isEmpty() || memberships.groups().isEmpty()) {
            return List.of();
        }
        List<Object> binds = new ArrayList<>(names);
        binds.add(max == null || max < 0 ? Integer.MAX_VALUE : max);
        binds.add(first == null || first < 0 ? 0 : first);
        return connections.withConnection("list the app members of a group", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.groupMembers(names.size()))) {
                GuardedConnections.bind(ps, binds);
                try (ResultSet rs = ps.executeQuery()) {
                    List<AppRow> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(rowMapper.map(rs));
                    }
                    return rows;
                }
            }
        });
    }

    /** How many app users have a group row of any of {@code names}. */
    public int countGroupMembers(List<String> names) {
        if (names.isEmpty() || memberships.groups().isEmpty()) {
            return 0;
        }
        return connections.withConnection("count the app members of a group", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.countGroupMembers(names.size()))) {
                GuardedConnections.bind(ps, new ArrayList<>(names));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return (int) Math.min(Integer.MAX_VALUE, rs.getLong(1));
                }
            }
        });
    }

    /** The row that gives the user {@code name}. */
    public SqlStatement insert(MembershipKind kind, String appId, String name) {
        return new SqlStatement(sql.insert(kind), List.of(userValue(kind, appId), name), 1);
    }

    /** Deletes the user's rows of any of {@code names} (however many there are). */
    public SqlStatement delete(MembershipKind kind, String appId, List<String> names) {
        List<Object> binds = new ArrayList<>();
        binds.add(userValue(kind, appId));
        binds.addAll(names);
        return new SqlStatement(sql.delete(kind, names.size()), binds, -1);
    }

    private Object userValue(MembershipKind kind, String appId) {
        return userParameter(kind, appId)
                .orElseThrow(() ->
                        new IllegalArgumentException("not a value of the " + kind.word() + " table's user column"));
    }

    private Optional<Object> userParameter(MembershipKind kind, String appId) {
        return userColumnType(kind).toParameter(appId);
    }

    private IdColumnType userColumnType(MembershipKind kind) {
        synchronized (userColumnTypes) {
            IdColumnType known = userColumnTypes.get(kind);
            if (known != null) {
                return known;
            }
        }
        MembershipMapping mapping = memberships.of(kind).orElseThrow();
        IdColumnType type = connections.withConnection(
                "inspect the " + kind.word() + " table", c -> JoinTables.userColumnType(c, mapping, dialect));
        synchronized (userColumnTypes) {
            userColumnTypes.put(kind, type);
        }
        return type;
    }
}
