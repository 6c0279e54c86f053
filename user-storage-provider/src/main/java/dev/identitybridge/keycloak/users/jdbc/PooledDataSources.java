package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.config.ConnectionSettings;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** Builds Agroal pools and single test connections for the app database, with the driver of its dialect. */
public final class PooledDataSources {

    /** Idle connections are checked before reuse at most this often, and dropped after this long unused. */
    private static final Duration VALIDATION_INTERVAL = Duration.ofSeconds(30);

    private static final Duration REAP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(30);
    private static final Duration IDLE_VALIDATION = Duration.ofSeconds(5);
    private static final Duration MIN_SOCKET_TIMEOUT = Duration.ofSeconds(1);
    /** Validation runs on an admin's request thread: it never waits longer than this per step, whatever the pool says. */
    static final Duration MAX_VALIDATION_TIMEOUT = Duration.ofSeconds(10);

    private PooledDataSources() {}

    public static AgroalDataSource create(ConnectionSettings settings, String password) throws SQLException {
        Dialect dialect = Dialect.fromJdbcUrl(settings.jdbcUrl());
        Class<?> driver = driverClass(dialect);
        AgroalDataSourceConfigurationSupplier configuration = new AgroalDataSourceConfigurationSupplier()
                // active, idle and waiting connections for identity_bridge_pool_connections (a few counters per
                // acquire)
                .metricsEnabled(true)
                .connectionPoolConfiguration(pool -> pool.initialSize(settings.poolMinSize())
                        .minSize(settings.poolMinSize())
                        .maxSize(settings.poolMaxSize())
                        .acquisitionTimeout(settings.acquisitionTimeout())
                        .validationTimeout(VALIDATION_INTERVAL)
                        .reapTimeout(REAP_TIMEOUT)
                        .maxLifetime(MAX_LIFETIME)
                        .connectionValidator(ConnectionValidator.defaultValidator())
                        // a connection idle for a while is checked before it is handed out (the database may have
                        // restarted), and one that failed with a connection error is discarded, not reused
                        .idleValidationTimeout(IDLE_VALIDATION)
                        .exceptionSorter(AvailabilityGuard::isConnectionFailure)
                        .connectionFactoryConfiguration(factory -> {
                            factory.jdbcUrl(settings.jdbcUrl())
                                    .connectionProviderClass(driver)
                                    .loginTimeout(settings.acquisitionTimeout())
                                    .autoCommit(true);
                            dialect.connectTimeoutProperties(settings.acquisitionTimeout())
                                    .forEach(factory::jdbcProperty);
                            dialect.socketTimeoutProperties(socketTimeout(settings))
                                    .forEach(factory::jdbcProperty);
                            if (settings.user() != null) {
                                factory.principal(new NamePrincipal(settings.user()));
                            }
                            if (password != null) {
                                factory.credential(new SimplePassword(password));
                            }
                            return factory;
                        }));
        return new io.agroal.pool.DataSource(configuration.get());
    }

    /**
     * How long a statement may wait for an answer: the acquisition timeout (at least 1 s). Indexed lookups answer
     * in milliseconds, and Keycloak itself gives a storage provider's lookup 3 s by default (it interrupts the
     * thread then, which a blocking socket read ignores); this cuts off a database that stopped answering.
     */
    static Duration socketTimeout(ConnectionSettings settings) {
        Duration derived = settings.acquisitionTimeout();
        return derived.compareTo(MIN_SOCKET_TIMEOUT) < 0 ? MIN_SOCKET_TIMEOUT : derived;
    }

    /**
     * One unpooled connection, used to validate a configuration before it is saved. Opening it and every statement
     * on it are bounded (connect and socket timeouts of at most {@link #MAX_VALIDATION_TIMEOUT}): a server that
     * accepts and never answers cannot hold the admin's request.
     */
    public static Connection connectOnce(ConnectionSettings settings, String password) throws SQLException {
        Dialect dialect = Dialect.fromJdbcUrl(settings.jdbcUrl());
        Class<?> driverClass = driverClass(dialect);
        Driver driver;
        try {
            driver = (Driver) driverClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SQLException("JDBC driver " + driverClass.getName() + " cannot be instantiated", e);
        }
        Properties properties = new Properties();
        Duration timeout = validationTimeout(settings);
        properties.putAll(dialect.connectTimeoutProperties(timeout));
        properties.putAll(dialect.socketTimeoutProperties(timeout));
        if (settings.user() != null) {
            properties.setProperty("user", settings.user());
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        Connection connection = driver.connect(settings.jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("The JDBC driver does not accept this URL");
        }
        return connection;
    }

    static Duration validationTimeout(ConnectionSettings settings) {
        Duration timeout = socketTimeout(settings);
        return timeout.compareTo(MAX_VALIDATION_TIMEOUT) > 0 ? MAX_VALIDATION_TIMEOUT : timeout;
    }

    private static Class<?> driverClass(Dialect dialect) throws SQLException {
        return JdbcDrivers.driverClass(dialect);
    }
}
