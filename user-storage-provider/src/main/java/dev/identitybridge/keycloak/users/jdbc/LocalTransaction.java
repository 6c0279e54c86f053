package dev.identitybridge.keycloak.users.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;

/**
 * One local transaction on the app database (the app database is not enlisted in Keycloak's JTA transaction):
 * statements run on one connection and become visible together at {@link #commit()}, or not at all.
 * A unique-key violation surfaces as {@link ModelDuplicateException}, which Keycloak answers with 409 / "user
 * exists". Not thread-safe; used by one request.
 */
public final class LocalTransaction implements AutoCloseable {

    private final Connection connection;
    private final GuardedConnections connections;
    private final String action;
    private boolean open = true;

    /** @param action what the transaction writes, for failure messages ("write to the users table") */
    LocalTransaction(Connection connection, GuardedConnections connections, String action) throws SQLException {
        this.connection = connection;
        this.connections = connections;
        this.action = action;
        connection.setAutoCommit(false);
    }

    /** Runs one write; returns the rows it touched. */
    public int execute(SqlStatement statement) {
        try (PreparedStatement ps = connection.prepareStatement(statement.sql())) {
            GuardedConnections.bind(ps, statement.parameters());
            int rows = ps.executeUpdate();
            if (statement.expectedRows() >= 0 && rows != statement.expectedRows()) {
                throw new ModelException("External users database: the app user changed or disappeared meanwhile ("
                        + rows + " rows affected, " + statement.expectedRows() + " expected)");
            }
            return rows;
        } catch (SQLException e) {
            throw connections.writeFailure(action, e);
        }
    }

    /** Runs an INSERT and returns the key the database generated for the id column. */
    public String insertReturningKey(SqlStatement statement, String idColumn) {
        try (PreparedStatement ps = connection.prepareStatement(statement.sql(), Statement.RETURN_GENERATED_KEYS)) {
            GuardedConnections.bind(ps, statement.parameters());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new ModelException("External users database: no generated key was returned for " + idColumn);
                }
                String key = keys.getMetaData().getColumnCount() > 1 ? keys.getString(idColumn) : keys.getString(1);
                if (key == null) {
                    throw new ModelException("External users database: no generated key was returned for " + idColumn);
                }
                return key;
            }
        } catch (SQLException e) {
            throw connections.writeFailure(action, e);
        }
    }

    public void executeAll(List<SqlStatement> statements) {
        statements.forEach(this::execute);
    }

    public void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw connections.writeFailure(action, e);
        } finally {
            close();
        }
    }

    /** Rolls back (if still open) and returns the connection to the pool. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // as above
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // as above
        }
    }
}
