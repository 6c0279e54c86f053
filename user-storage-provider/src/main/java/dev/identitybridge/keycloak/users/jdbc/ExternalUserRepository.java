package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.ExternalUser;
import dev.identitybridge.keycloak.users.config.TableMapping;
import org.keycloak.models.ModelDuplicateException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads app users through one component's connection pool. Each method is one indexed statement in its
 * own auto-commit connection (the app database is not part of Keycloak's transaction).
 */
public final class ExternalUserRepository {

    private final DataSource dataSource;
    private final TableMapping mapping;
    private final UserSql sql;
    private final ExternalUserRowMapper rowMapper;
    private final UserSearchCriteria criteria;
    private volatile IdColumnType idColumnType;

    public ExternalUserRepository(DataSource dataSource, TableMapping mapping, Dialect dialect) {
        this.dataSource = dataSource;
        this.mapping = mapping;
        this.sql = new UserSql(mapping, dialect);
        this.rowMapper = new ExternalUserRowMapper(mapping);
        this.criteria = new UserSearchCriteria(mapping, dialect, id -> idColumnType().toParameter(id));
    }

    public Optional<ExternalUser> findById(String id) {
        Optional<Object> parameter = idColumnType().toParameter(id);
        if (parameter.isEmpty()) {
            return Optional.empty();
        }
        return queryOne(sql.selectById(), parameter.get());
    }

    public Optional<ExternalUser> findByUsername(String username) {
        if (username == null || username.isBlank()) {
            return Optional.empty();
        }
        return unique(query(sql.selectByUsername(), List.of(username.toLowerCase(Locale.ROOT), 2, 0)), "username");
    }

    public Optional<ExternalUser> findByEmail(String email) {
        if (email == null || email.isBlank() || mapping.email().isEmpty()) {
            return Optional.empty();
        }
        return unique(query(sql.selectByEmail(), List.of(email.trim().toLowerCase(Locale.ROOT), 2, 0)),
                "email address");
    }

    /** Two rows for one case-insensitive key would make the login ambiguous: refuse rather than pick one. */
    private static Optional<ExternalUser> unique(List<ExternalUser> users, String key) {
        if (users.size() > 1) {
            throw new ModelDuplicateException("More than one app user has this " + key + ".");
        }
        return users.stream().findFirst();
    }

    /**
     * The stored password hash and enabled flag, read fresh for every check (never cached). Empty when the
     * user does not exist or no password column is mapped.
     */
    public Optional<StoredCredential> findCredential(String id) {
        Optional<Object> parameter = idColumnType().toParameter(id);
        if (mapping.passwordHash().isEmpty() || parameter.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.selectCredential())) {
            ps.setObject(1, parameter.get());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String hash = rs.getString(1);
                Boolean enabled = ExternalUserRowMapper.bool(rs, mapping.enabled());
                return Optional.of(new StoredCredential(hash == null || hash.isBlank() ? null : hash,
                        mapping.enabled().isEmpty() || Boolean.TRUE.equals(enabled)));
            }
        } catch (SQLException e) {
            throw failure("read a password hash", e);
        }
    }

    public List<ExternalUser> search(Map<String, String> params, Integer first, Integer max) {
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
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(sql.count(condition))) {
            bind(ps, condition.parameters());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return (int) Math.min(Integer.MAX_VALUE, rs.getLong(1));
            }
        } catch (SQLException e) {
            throw failure("count users", e);
        }
    }

    private Optional<ExternalUser> queryOne(String statement, Object parameter) {
        return query(statement, List.of(parameter)).stream().findFirst();
    }

    private List<ExternalUser> query(String statement, List<Object> parameters) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(statement)) {
            bind(ps, parameters);
            try (ResultSet rs = ps.executeQuery()) {
                List<ExternalUser> users = new ArrayList<>();
                while (rs.next()) {
                    users.add(rowMapper.map(rs));
                }
                return users;
            }
        } catch (SQLException e) {
            throw failure("read users", e);
        }
    }

    private static void bind(PreparedStatement ps, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            ps.setObject(i + 1, parameters.get(i));
        }
    }

    /** Detected on first use (not at construction, so that a database that is down does not block start-up). */
    private IdColumnType idColumnType() {
        IdColumnType type = idColumnType;
        if (type == null) {
            try (Connection c = dataSource.getConnection()) {
                type = TableInspector.inspect(c, mapping, sql);
                idColumnType = type;
            } catch (SQLException e) {
                throw failure("inspect the users table", e);
            }
        }
        return type;
    }

    private static ExternalStoreException failure(String action, SQLException e) {
        return new ExternalStoreException("External users database: could not " + action + " (SQLState "
                + e.getSQLState() + ", error " + e.getErrorCode() + ")", e);
    }
}
