package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.AppRow;
import dev.identitybridge.keycloak.users.config.Memberships;
import dev.identitybridge.keycloak.users.config.TableMapping;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;

/**
 * Reads and writes app users through one component's connection pool. Reads are one indexed statement each in
 * an auto-commit connection; writes run in an {@link LocalTransaction} or as one guarded single-row update.
 * The app database is not part of Keycloak's transaction. Every call passes the component's
 * {@link AvailabilityGuard}, so an unreachable database fails calls fast instead of queueing them.
 */
public final class AppUserRepository {

    private final GuardedConnections connections;
    private final TableMapping mapping;
    private final UserSql sql;
    private final AppRowMapper rowMapper;
    private final UserSearchCriteria criteria;
    private final BackfillAuditTable backfillAudit;
    private volatile TableShape shape;

    public AppUserRepository(DataSource dataSource, TableMapping mapping, Dialect dialect, AvailabilityGuard guard) {
        this.connections = new GuardedConnections(dataSource, guard);
        this.mapping = mapping;
        this.sql = new UserSql(mapping, dialect);
        this.rowMapper = new AppRowMapper(mapping);
        this.criteria = new UserSearchCriteria(
                mapping,
                dialect,
                id -> shape().idType().toParameter(id),
                (column, value) -> shape().booleanValue(column, value),
                column -> shape().attributeType(column));
        this.backfillAudit = new BackfillAuditTable(connections, dialect);
    }

    public TableMapping mapping() {
        return mapping;
    }

    public UserSql sql() {
        return sql;
    }

    public AvailabilityGuard guard() {
        return connections.guard();
    }

    /** The role and group join tables next to the users table, read and written through the same guarded connections. */
    public MembershipRepository memberships(Memberships memberships) {
        return new MembershipRepository(
                connections,
                memberships,
                new MembershipSql(memberships, mapping, sql.selectedColumns(), sql.dialect()),
                rowMapper,
                sql.dialect());
    }

    /** The backfill audit table next to the users table, written through the same guarded connections. */
    public BackfillAuditTable backfillAudit() {
        return backfillAudit;
    }

    public Optional<AppRow> findById(String id) {
        Optional<Object> parameter = shape().idType().toParameter(id);
        if (parameter.isEmpty()) {
            return Optional.empty();
        }
        return queryOne(sql.selectById(), parameter.get());
    }

    public Optional<AppRow> findByUsername(String username) {
        if (username == null || username.isBlank()) {
            return Optional.empty();
        }
        return unique(query(sql.selectByUsername(), List.of(username.toLowerCase(Locale.ROOT), 2, 0)), "username");
    }

    public Optional<AppRow> findByEmail(String email) {
        if (email == null || email.isBlank() || mapping.email().isEmpty()) {
            return Optional.empty();
        }
        return unique(
                query(sql.selectByEmail(), List.of(email.trim().toLowerCase(Locale.ROOT), 2, 0)), "email address");
    }

    /** The app user linked to a Keycloak subject (empty when the auth id column is not mapped). */
    public Optional<AppRow> findByAuthId(String authId) {
        if (authId == null || authId.isBlank() || mapping.authId().isEmpty()) {
            return Optional.empty();
        }
        return unique(query(sql.selectByAuthId(), List.of(authId, 2, 0)), "auth id");
    }

    /**
     * Up to {@code limit} users with an empty auth id whose id comes after {@code afterId} ({@code null}: from the
     * start), in id order: resumable paging that does not see a row twice even when rows are linked meanwhile.
     */
    public List<AppRow> findUnlinked(String afterId, int limit) {
        if (mapping.authId().isEmpty()) {
            return List.of();
        }
        List<Object> binds = new ArrayList<>();
        if (afterId != null) {
            binds.add(idParameter(afterId));
        }
        binds.add(limit);
        binds.add(0);
        return query(sql.selectUnlinked(afterId == null), binds);
    }

    /** Two rows for one case-insensitive key would make the login ambiguous: refuse rather than pick one. */
    private static Optional<AppRow> unique(List<AppRow> users, String key) {
        if (users.size() > 1) {
            throw new ModelDuplicateException("More than one app user has this " + key + ".");
        }
        return users.stream().findFirst();
    }

    /**
     * The stored password hash, enabled flag and auth id, read fresh for every check (never cached). Empty when
     * the user does not exist or no password column is mapped.
     */
    public Optional<StoredCredential> findCredential(String id) {
        Optional<Object> parameter = shape().idType().toParameter(id);
        if (mapping.passwordHash().isEmpty() || parameter.isEmpty()) {
            return Optional.empty();
        }
        return connections.withConnection("read a password hash", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.selectCredential())) {
                ps.setObject(1, parameter.get());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String hash = rs.getString(1);
                    Boolean enabled = AppRowMapper.bool(rs, mapping.enabled());
                    String authId = mapping.authId().isPresent()
                            ? rs.getString(mapping.authId().get())
                            : null;
                    return Optional.of(new StoredCredential(
                            hash == null || hash.isBlank() ? null : hash,
                            mapping.enabled().isEmpty() || Boolean.TRUE.equals(enabled),
                            authId));
                }
            }
        });
    }

    public List<AppRow> search(Map<String, String> params, Integer first, Integer max) {
        SqlCondition condition = criteria.toCondition(params);
        if (condition == SqlCondition.NEVER) {
            return List.of();
        }
        List<Object> binds = new ArrayList<>(condition.parameters());
        binds.add(max == null || max < 0 ? Integer.MAX_VALUE : max);
        binds.add(first == null || first < 0 ? 0 : first);
        return query(sql.search(condition), binds);
    }

    public int count(Map<String, String> params) {
        SqlCondition condition = criteria.toCondition(params);
        if (condition == SqlCondition.NEVER) {
            return 0;
        }
        return connections.withConnection("count users", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.count(condition))) {
                GuardedConnections.bind(ps, condition.parameters());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return (int) Math.min(Integer.MAX_VALUE, rs.getLong(1));
                }
            }
        });
    }

    // --- writes ---

    /** Starts a local transaction on one pooled connection; the caller commits or closes it. */
    public LocalTransaction begin() {
        return connections.begin("write to the users table");
    }

    /**
     * Links {@code authId} to the user if the auth id column is still empty.
     *
     * @return whether the row was changed (false: already linked, or the user is gone)
     */
    public boolean linkAuthId(String id, String authId, Instant now) {
        return linkAuthId(id, authId, now, List.of());
    }

    /**
     * Links {@code authId} to the user if the auth id column is still empty and, only then, runs {@code withLink}
     * (e.g. an audit row) in the same local transaction: either all of it is written, or none of it.
     *
     * @return whether the row was linked (false: already linked, or the user is gone; nothing written)
     * @throws ModelDuplicateException when another row already holds {@code authId} (unique index on the column)
     */
    public boolean linkAuthId(String id, String authId, Instant now, List<SqlStatement> withLink) {
        List<Object> binds = new ArrayList<>(List.of(authId));
        mapping.updatedAt().ifPresent(c -> binds.add(shape().timestampValue(c, now)));
        binds.add(idParameter(id));
        try (LocalTransaction tx = begin()) {
            if (tx.execute(new SqlStatement(sql.linkAuthId(), binds, -1)) != 1) {
                return false;
            }
            tx.executeAll(withLink);
            tx.commit();
            return true;
        }
    }

    /**
     * Replaces the password hash if it is still {@code verifiedHash}.
     *
     * @return whether the row was changed (false: it changed meanwhile, e.g. a concurrent upgrade)
     */
    public boolean replacePasswordHash(String id, String verifiedHash, String newHash, Instant now) {
        List<Object> binds = new ArrayList<>(List.of(newHash));
        mapping.updatedAt().ifPresent(c -> binds.add(shape().timestampValue(c, now)));
        binds.add(idParameter(id));
        binds.add(verifiedHash);
        return updateOneRow("upgrade a password hash", sql.replacePasswordHash(), binds);
    }

    private boolean updateOneRow(String action, String statement, List<Object> binds) {
        return connections.withConnection(action, c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                GuardedConnections.bind(ps, binds);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The id as bound to the id column. */
    public Object idParameter(String id) {
        return shape().idType()
                .toParameter(id)
                .orElseThrow(() -> new ModelException("External users database: not an id of this table"));
    }

    /** Column types of the mapped table, read once (not at construction: a database that is down must not block start-up). */
    public TableShape shape() {
        TableShape current = shape;
        if (current == null) {
            current = connections.withConnection(
                    "inspect the users table", c -> TableInspector.describe(c, mapping, sql));
            shape = current;
        }
        return current;
    }

    private Optional<AppRow> queryOne(String statement, Object parameter) {
        return query(statement, List.of(parameter)).stream().findFirst();
    }

    private List<AppRow> query(String statement, List<Object> parameters) {
        return connections.withConnection("read users", c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                GuardedConnections.bind(ps, parameters);
                try (ResultSet rs = ps.executeQuery()) {
                    List<AppRow> users = new ArrayList<>();
                    while (rs.next()) {
                        users.add(rowMapper.map(rs));
                    }
                    return users;
                }
            }
        });
    }
}
