package dev.identitybridge.keycloak.users.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source of a component whose configuration names no reachable database: every connection request
 * fails at once with a connection error (SQLState 08001), so callers treat it like an outage (fail fast, no
 * Keycloak-local fallback for the component's users) and never contact a host.
 */
public final class UnusableDataSource implements DataSource {

    private final String reason;

    public UnusableDataSource(String reason) {
        this.reason = reason;
    }

    @Override
    public Connection getConnection() throws SQLException {
        throw new SQLNonTransientConnectionException(reason, "08001");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // nothing is ever logged through this data source
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // connections fail at once
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("Not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
