package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.jdbc.AvailabilityGuard;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.ExternalStoreException;
import dev.identitybridge.keycloak.users.jdbc.ExternalUserRepository;
import dev.identitybridge.keycloak.users.jdbc.PooledDataSources;
import dev.identitybridge.keycloak.users.password.PasswordHashVerifier;
import dev.identitybridge.keycloak.users.password.PasswordHasher;
import io.agroal.api.AgroalDataSource;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One {@link ComponentRuntime} (and so one connection pool) per component id. A runtime is reused while
 * the component's configuration is unchanged, rebuilt when it changes (the pool only when the connection
 * settings changed), and closed when the component is removed or Keycloak stops. Each cluster node holds
 * its own pools; what decides whether a pool should exist is the component as stored by Keycloak (shared by the
 * cluster through its database and its cluster-wide cache invalidation), checked by {@link #sweep} on every node.
 */
final class ComponentRuntimes implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ComponentRuntimes.class);

    private record Entry(String realmId, MultivaluedHashMap<String, String> source, ComponentRuntime runtime) {
    }

    /** How long a replaced pool stays open for requests already using it. */
    static final Duration RETIREMENT_GRACE = Duration.ofSeconds(10);

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ComponentRuntime get(KeycloakSession session, ComponentModel model) {
        Entry entry = entries.get(model.getId());
        if (entry != null && entry.source().equals(model.getConfig())) {
            return entry.runtime();
        }
        synchronized (this) {
            entry = entries.get(model.getId());
            if (entry != null && entry.source().equals(model.getConfig())) {
                return entry.runtime();
            }
            MultivaluedHashMap<String, String> source = new MultivaluedHashMap<>(model.getConfig());
            ComponentRuntime runtime = build(session, model, ExternalUsersConfig.parse(source), entry);
            entries.put(model.getId(), new Entry(model.getParentId(), source, runtime));
            if (entry != null && entry.runtime().dataSource() != runtime.dataSource()) {
                retire(model.getId(), entry.runtime().dataSource());
            }
            return runtime;
        }
    }

    /** Closes the component's pool, once the component is gone. */
    synchronized void remove(String componentId) {
        Entry entry = entries.remove(componentId);
        if (entry != null) {
            closeQuietly(componentId, entry.runtime().dataSource());
        }
    }

    /**
     * Brings this node's pools in line with the components Keycloak stores: closes the pool of a component (or
     * realm) removed through any node, rebuilds the runtime of a component whose configuration was changed through
     * any node. Run periodically on every node ({@link PoolSweepTask}); a lookup that fails (Keycloak's database
     * unreachable) changes nothing.
     */
    void sweep(KeycloakSession session) {
        for (Map.Entry<String, Entry> held : Map.copyOf(entries).entrySet()) {
            String componentId = held.getKey();
            Entry entry = held.getValue();
            RealmModel realm = session.realms().getRealm(entry.realmId());
            ComponentModel current = realm == null ? null : realm.getComponent(componentId);
            if (current == null) {
                LOG.infof("External users component %s no longer exists (removed on another node?)", componentId);
                removeIfUnchanged(componentId, entry);
            } else if (!entry.source().equals(current.getConfig())) {
                LOG.infof("External users component %s: configuration changed (on another node?), rebuilding", componentId);
                session.getContext().setRealm(realm); // the vault resolves the realm's secrets
                try {
                    get(session, current);
                } catch (RuntimeException e) {
                    LOG.warnf("External users component %s: rebuilding after a configuration change failed, the old pool is "
                            + "closed and the next request retries: %s", componentId, e.toString());
                    removeIfUnchanged(componentId, entry);
                }
            }
        }
    }

    private synchronized void removeIfUnchanged(String componentId, Entry entry) {
        if (entries.remove(componentId, entry)) {
            closeQuietly(componentId, entry.runtime().dataSource());
        }
    }

    /** Closes the pools of a realm's components: removing a realm does not remove its components one by one. */
    synchronized void removeRealm(String realmId) {
        entries.entrySet().stream().filter(e -> realmId.equals(e.getValue().realmId())).map(Map.Entry::getKey)
                .toList().forEach(this::remove);
    }

    @Override
    public synchronized void close() {
        entries.keySet().forEach(this::remove);
    }

    private static ComponentRuntime build(KeycloakSession session, ComponentModel model, ExternalUsersConfig config,
                                          Entry previous) {
        AgroalDataSource dataSource;
        if (previous != null && previous.runtime().config().connection().equals(config.connection())) {
            dataSource = previous.runtime().dataSource();
        } else {
            try {
                dataSource = PooledDataSources.create(config.connection(), VaultSecrets.resolve(session, config.connection()));
                LOG.infof("External users component %s: connection pool created (%s)", model.getId(), config.connection());
            } catch (SQLException e) {
                throw new ExternalStoreException("External users database: cannot create the connection pool", e);
            }
        }
        // the availability guard belongs to the pool: a rebuilt repository on the same pool keeps its state
        AvailabilityGuard guard = previous != null && previous.runtime().dataSource() == dataSource
                ? previous.runtime().repository().guard() : new AvailabilityGuard();
        ExternalUserRepository repository = new ExternalUserRepository(dataSource, config.mapping(),
                Dialect.fromJdbcUrl(config.connection().jdbcUrl()), guard);
        return new ComponentRuntime(config, dataSource, repository, new PasswordHashVerifier(config.allowLegacyHashes()),
                new PasswordHasher(config.writes().hashing()));
    }

    /**
     * A pool replaced by a new configuration may still serve requests that started before the change: it is
     * closed after a grace period instead of under their feet.
     */
    private void retire(String componentId, AgroalDataSource dataSource) {
        CompletableFuture.delayedExecutor(RETIREMENT_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> closeQuietly(componentId, dataSource));
    }

    private static void closeQuietly(String componentId, AgroalDataSource dataSource) {
        try {
            dataSource.close();
            LOG.infof("External users component %s: connection pool closed", componentId);
        } catch (RuntimeException e) {
            LOG.warnf("External users component %s: closing the connection pool failed: %s", componentId, e.toString());
        }
    }
}
