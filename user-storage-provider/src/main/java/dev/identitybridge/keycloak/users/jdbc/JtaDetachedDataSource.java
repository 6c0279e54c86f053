package dev.identitybridge.keycloak.users.jdbc;

import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A transactional (JTA-integrated) data source used as if it were a plain pool: the connection is taken, and every
 * call on it made, with the calling thread's JTA transaction (Keycloak's request transaction) suspended, so the
 * connection is never enlisted in it. Its statements then commit on their own (auto-commit) or with an explicit
 * {@code commit()}, exactly like connections of a pool of our own; Keycloak's commit or rollback does not touch them.
 * <p>
 * Agroal checks the thread's transaction on each {@link Connection} call (a connection taken outside a transaction
 * and used inside one fails with "Deferred enlistment not supported"), not on statements or result sets, so only
 * {@link Connection} calls are wrapped. Not for a data source whose connections must join Keycloak's transaction.
 */
public final class JtaDetachedDataSource implements DataSource {

    private final DataSource target;
    private final TransactionManager transactions;

    public JtaDetachedDataSource(DataSource target, TransactionManager transactions) {
        this.target = target;
        this.transactions = transactions;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = outside(target::getConnection);
        return (Connection) Proxy.newProxyInstance(
                JtaDetachedDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> invoke(connection, proxy, method, args));
    }

    private Object invoke(Connection connection, Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "JtaDetached[" + connection + "]";
            };
        }
        return outside(() -> {
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** Runs {@code work} with the thread's transaction (if any) suspended, and resumes it afterwards. */
    <T, E extends Throwable> T outside(Work<T, E> work) throws E, SQLException {
        Transaction suspended;
        try {
            suspended = transactions.suspend();
        } catch (SystemException e) {
            throw new SQLException("Cannot suspend Keycloak's transaction around an app-database call", e);
        }
        try {
            return work.run();
        } finally {
            if (suspended != null) {
                resume(suspended);
            }
        }
    }

    private void resume(Transaction suspended) {
        try {
            transactions.resume(suspended);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot resume Keycloak's transaction after an app-database call", e);
        }
    }

    /** A call that may throw. */
    @FunctionalInterface
    interface Work<T, E extends Throwable> {
        T run() throws E;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("The operator's datasource has its own credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
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
