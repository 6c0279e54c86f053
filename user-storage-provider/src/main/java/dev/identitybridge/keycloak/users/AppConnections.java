package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.jdbc.UnusableDataSource;
import io.agroal.api.AgroalDataSource;

import javax.sql.DataSource;

/**
 * Where one component's connections come from: a pool the component owns (closed when the component goes), or
 * nothing usable yet (a configuration that cannot reach a database, e.g. an unresolved URL placeholder from an
 * imported realm: every call fails at once, as in an outage).
 */
final class AppConnections {

    private final DataSource dataSource;
    private final AgroalDataSource ownedPool;

    private AppConnections(DataSource dataSource, AgroalDataSource ownedPool) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
    }

    static AppConnections ownedPool(AgroalDataSource pool) {
        return new AppConnections(pool, pool);
    }

    /** @param reason why there is no database, safe to show to an admin and to log (no credentials) */
    static AppConnections unusable(String reason) {
        return new AppConnections(new UnusableDataSource(reason), null);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Whether closing releases anything (a pool of our own). */
    boolean owned() {
        return ownedPool != null;
    }

    /** Closes the pool if the component owns one. */
    void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }
}
