package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.api.AppDatabaseException;
import dev.identitybridge.keycloak.users.api.AppDatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;

/**
 * Where every statement on one component's app database runs: behind its {@link AvailabilityGuard} (an unreachable
 * database fails calls fast instead of queueing them), with one retry on a fresh connection when a pooled one broke
 * while idle, and one classification of failures (unavailable, duplicate, other; the SQLState and vendor code are kept
 * in the message and the {@link SQLException} as the cause, bind values never).
 */
final class GuardedConnections {

    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final AvailabilityGuard guard;

    GuardedConnections(DataSource dataSource, AvailabilityGuard guard) {
        this.dataSource = dataSource;
        this.guard = guard;
    }

    AvailabilityGuard guard() {
        return guard;
    }

    /**
     * Runs {@code work} on a pooled connection. A connection that broke while idle (the database restarted) is
     * discarded by the pool and the work is retried once on a fresh one.
     */
    <T> T withConnection(String action, ConnectionWork<T> work) {
        guard.checkAvailable();
        for (int attempt = 1; ; attempt++) {
            try (Connection c = connect()) {
                T result = work.run(c);
                guard.recordSuccess();
                return result;
            } catch (SQLException e) {
                if (attempt == 1
                        && AvailabilityGuard.isConnectionFailure(e)
                        && !(e instanceof AcquisitionFailure)
                        && !AvailabilityGuard.isTimeout(e)) {
                    continue;
                }
                throw failure(action, e);
            }
        }
    }

    /**
     * Starts a local transaction on one pooled connection; the caller commits or closes it.
     *
     * @param action what it writes, for failure messages ("write to the users table")
     */
    LocalTransaction begin(String action) {
        guard.checkAvailable();
        try {
            return new LocalTransaction(connect(), this, action);
        } catch (SQLException e) {
            throw failure("start a transaction", e);
        }
    }

    /** Getting a connection failed: the database is unreachable (or the pool exhausted); no retry. */
    private static final class AcquisitionFailure extends SQLException {
        AcquisitionFailure(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }

    private Connection connect() throws SQLException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new AcquisitionFailure(e);
        }
    }

    static void bind(PreparedStatement ps, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            ps.setObject(i + 1, parameters.get(i));
        }
    }

    /** Maps a failed write: duplicates become {@link ModelDuplicateException}, outages mark the guard. */
    ModelException writeFailure(String action, SQLException e) {
        if (Dialect.isUniqueViolation(e)) {
            return new ModelDuplicateException("An app user with this username or email already exists.");
        }
        return failure(action, e);
    }

    AppDatabaseException failure(String action, SQLException e) {
        String detail = " (SQLState " + e.getSQLState() + ", error " + e.getErrorCode() + ")";
        if (AvailabilityGuard.isConnectionFailure(e)) {
            guard.recordFailure();
            return new AppDatabaseUnavailableException(
                    "External users database: unavailable, could not " + action + detail, e);
        }
        return new AppDatabaseException("External users database: could not " + action + detail, e);
    }
}
