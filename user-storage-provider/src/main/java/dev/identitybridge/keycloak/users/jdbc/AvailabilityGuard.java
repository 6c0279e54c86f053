package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.api.AppDatabaseUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps requests from queueing behind an app database that is down. After a connection failure, calls fail at
 * once for {@link #RETRY_AFTER}; then the next call tries again, so service resumes within that interval of the
 * database's return. One guard per component pool; thread-safe, node-local (nothing to share in a cluster).
 */
public final class AvailabilityGuard {

    /** How long calls fail fast after a connection failure before one is let through to try again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /** At most one "unavailable" warning per component in this interval. */
    static final Duration WARN_INTERVAL = Duration.ofSeconds(30);

    private final LongSupplier nanoClock;
    private volatile long failingUntil;
    private volatile boolean failing;
    private volatile long lastWarning;
    private volatile boolean warned;

    public AvailabilityGuard() {
        this(System::nanoTime);
    }

    AvailabilityGuard(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** @throws AppDatabaseUnavailableException while calls are failing fast */
    void checkAvailable() {
        if (failing && nanoClock.getAsLong() - failingUntil < 0) {
            throw new AppDatabaseUnavailableException(
                    "External users database: unavailable (recent connection failure; retrying shortly)", null);
        }
    }

    void recordFailure() {
        failingUntil = nanoClock.getAsLong() + RETRY_AFTER.toNanos();
        failing = true;
    }

    void recordSuccess() {
        failing = false;
    }

    /** False from a connection failure until the next call that succeeds (the last known state, for the metrics). */
    public boolean available() {
        return !failing;
    }

    /** True at most once per {@link #WARN_INTERVAL}: callers log the outage without flooding the log. */
    public boolean shouldWarn() {
        long now = nanoClock.getAsLong();
        synchronized (this) {
            if (warned && now - lastWarning < WARN_INTERVAL.toNanos()) {
                return false;
            }
            warned = true;
            lastWarning = now;
            return true;
        }
    }

    /**
     * Whether a failure means the database (or the way to it) is down rather than that a statement was wrong:
     * SQLState class 08 (connection exception), the JDBC connection/timeout exception types, a vendor's own
     * connection-loss states ({@link Dialect#isConnectionLossState}), or a pool timeout.
     */
    public static boolean isConnectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException s
                    && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || Dialect.isConnectionLossState(s.getSQLState()))) {
                return true;
            }
            if (t instanceof java.io.IOException || t instanceof InterruptedException) {
                return true;
            }
        }
        String message = e.getMessage();
        // Agroal's pool timeout, and Keycloak's storage-provider time bound interrupting a thread that waits for one
        return message != null
                && (message.contains("Acquisition timeout") || message.contains("Interrupted while acquiring"));
    }

    /**
     * Whether the database did not answer in time (as opposed to a connection that broke): retrying on another
     * connection would only wait again.
     */
    public static boolean isTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException
                    || t instanceof SQLTimeoutException
                    || t instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }
}
