package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.jdbc.UnusableDataSource;
import io.agroal.api.AgroalDataSource;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where one component's connections come from: a pool the component owns (closed when the component goes), a
 * datasource of the operator's that it only borrows (never closed here), or nothing usable yet (a configuration that cannot reach a database, e.g. an unresolved URL placeholder from an
 * imported realm: every call fails at once, as in an outage).
 */
final class AppConnections {

    private final DataSource dataSource;
    private final AgroalDataSource ownedPool;
    private final boolean usable;

    private AppConnections(DataSource dataSource, AgroalDataSource ownedPool, boolean usable) {
        this.dataSource = dataSource;
        this.ownedPool = ownedPool;
        this.usable = usable;
    }

    static AppConnections ownedPool(AgroalDataSource pool) {
        return new AppConnections(pool, pool, true);
    }

    /** Connections of a data source someone else (Keycloak) owns and closes. */
    static AppConnections borrowed(DataSource dataSource) {
        return new AppConnections(dataSource, null, true);
    }

    /** @param reason why there is no database, safe to show to an admin and to log (no credentials) */
    static AppConnections unusable(String reason) {
        return new AppConnections(new UnusableDataSource(reason), null, false);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Whether these connections reach a database (a new configuration with the same settings may keep them). */
    boolean usable() {
        return usable;
    }

    /** Whether closing releases anything (a pool of our own). */
    boolean owned() {
        return ownedPool != null;
    }

    /** The component's own pool, if it has one (an operator datasource is Keycloak's, with Keycloak's metrics). */
    Optional<AgroalDataSource> ownedPool() {
        return Optional.ofNullable(ownedPool);
    }

    /** Closes the pool if the component owns one. */
    void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }
}
