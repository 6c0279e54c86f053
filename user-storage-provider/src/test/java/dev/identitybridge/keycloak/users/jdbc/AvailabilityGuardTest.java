package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.api.AppDatabaseUnavailableException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AvailabilityGuardTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AvailabilityGuard guard = new AvailabilityGuard(now::get);

    @Test
    void failsFastForTheRetryIntervalAfterAFailureThenLetsOneCallTry() {
        assertThatCode(guard::checkAvailable).doesNotThrowAnyException();
        guard.recordFailure();
        assertThatThrownBy(guard::checkAvailable).isInstanceOf(AppDatabaseUnavailableException.class);
        now.addAndGet(AvailabilityGuard.RETRY_AFTER.toNanos() - 1);
        assertThatThrownBy(guard::checkAvailable).isInstanceOf(AppDatabaseUnavailableException.class);
        now.addAndGet(1);
        assertThatCode(guard::checkAvailable).doesNotThrowAnyException();
        guard.recordFailure();
        assertThatThrownBy(guard::checkAvailable).isInstanceOf(AppDatabaseUnavailableException.class);
        guard.recordSuccess();
        assertThatCode(guard::checkAvailable).doesNotThrowAnyException();
    }

    @Test
    void timeoutsAreNotRetriedButBrokenConnectionsAre() {
        assertThat(AvailabilityGuard.isTimeout(
                        new SQLException("io", "08006", 0, new java.net.SocketTimeoutException("Read timed out"))))
                .isTrue();
        assertThat(AvailabilityGuard.isTimeout(
                        new SQLException("io", "08006", 0, new java.net.SocketException("Connection reset"))))
                .isFalse();
    }

    @Test
    void warnsAtMostOncePerInterval() {
        assertThat(guard.shouldWarn()).isTrue();
        assertThat(guard.shouldWarn()).isFalse();
        now.addAndGet(AvailabilityGuard.WARN_INTERVAL.toNanos());
        assertThat(guard.shouldWarn()).isTrue();
    }

    @Test
    void connectionFailuresAreToldApartFromStatementErrors() {
        // SQLStates and types the PostgreSQL, MariaDB and H2 drivers and Agroal use for a database that is away
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLException("Connection refused", "08001")))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLException("This connection has been closed.", "08003")))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLException("terminating connection", "57P01")))
                .isTrue();
        // PostgreSQL at max_connections (as pgjdbc reports it: "FATAL: sorry, too many clients already")
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLException("sorry, too many clients already", "53300")))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(
                        new SQLNonTransientConnectionException("Socket fail", "HY000")))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLTransientConnectionException("timeout")))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(
                        new SQLException("Acquisition timeout while waiting for new connection")))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(
                        new SQLException("wrapped", null, 0, new ConnectException("refused"))))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(
                        new SQLException("IO Exception: \"java.io.EOFException\"", "90028")))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLException("Connection is broken", "90067")))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLException("Interrupted while acquiring")))
                .isTrue();
        assertThat(AvailabilityGuard.isConnectionFailure(
                        new SQLException("io", "08006", 0, new java.net.SocketTimeoutException("Read timed out"))))
                .isTrue();
        // statement errors are not outages
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLException("syntax error", "42601")))
                .isFalse();
        assertThat(AvailabilityGuard.isConnectionFailure(new SQLException("no code")))
                .isFalse();
    }
}
