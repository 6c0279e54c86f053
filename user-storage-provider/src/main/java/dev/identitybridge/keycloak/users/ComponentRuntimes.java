package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.jdbc.AppUserRepository;
import dev.identitybridge.keycloak.users.jdbc.AvailabilityGuard;
import dev.identitybridge.keycloak.users.jdbc.ConnectionPolicy;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.PooledDataSources;
import dev.identitybridge.keycloak.users.metrics.ComponentMetrics;
import dev.identitybridge.keycloak.users.password.DummyVerification;
import dev.identitybridge.keycloak.users.password.HashLimits;
import dev.identitybridge.keycloak.users.password.HashingPolicy;
import dev.identitybridge.keycloak.users.password.MemoryHardHashing;
import dev.identitybridge.keycloak.users.password.PasswordHashVerifier;
import dev.identitybridge.keycloak.users.password.PasswordHasher;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * One {@link ComponentRuntime} (and so one connection pool) per component id. A runtime is reused while
 * the component's configuration is unchanged, rebuilt when it changes (the pool only when the connection
 * settings changed), and closed when the component is removed or Keycloak stops. Each cluster node holds
 * its own pools; what decides whether a pool should exist is the component as stored by Keycloak (shared by the
 * cluster through its database and its cluster-wide cache invalidation), checked by {@link #sweep} on every node.
 */
final class ComponentRuntimes implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ComponentRuntimes.class);

    /** @param name the component's display name, the {@code component} tag of its meters */
    private record Entry(
            String realmId, String name, MultivaluedHashMap<String, String> source, ComponentRuntime runtime) {

        boolean describes(ComponentModel model) {
            return source.equals(model.getConfig()) && Objects.equals(name, model.getName());
        }
    }

    /** How long a replaced pool stays open for requests already using it. */
    static final Duration RETIREMENT_GRACE = Duration.ofSeconds(10);

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final HashLimits hashLimits;
    private final MemoryHardHashing argon2Admission;
    private final ConnectionPolicy policy;
    private final MeterRegistry registry;

    /**
     * @param hashLimits the operator's limits on password hashing, shared by all components with one admission
     * @param policy     the operator's policy on which databases components may use
     * @param registry   where the components' meters go (Keycloak's, scraped from {@code /metrics})
     */
    ComponentRuntimes(HashLimits hashLimits, ConnectionPolicy policy, MeterRegistry registry) {
        this.hashLimits = hashLimits;
        this.argon2Admission = new MemoryHardHashing(hashLimits);
        this.policy = policy;
        this.registry = registry;
    }

    /**
     * The component's runtime; its JDBC URL is checked against the operator's policy before a pool is built, so that
     * a configuration saved before the policy existed (or imported) never reaches a driver.
     */
    ComponentRuntime get(KeycloakSession session, ComponentModel model) {
        Entry entry = entries.get(model.getId());
        if (entry != null && entry.describes(model)) {
            return entry.runtime();
        }
        synchronized (this) {
            entry = entries.get(model.getId());
            if (entry != null && entry.describes(model)) {
                return entry.runtime();
            }
            MultivaluedHashMap<String, String> source = new MultivaluedHashMap<>(model.getConfig());
            ExternalUsersConfig config = ExternalUsersConfig.parse(source);
            if (entry != null) {
                entry.runtime().metrics().close(); // before the new runtime registers meters of the same names and tags
            }
            ComponentRuntime runtime = build(session, model, config, entry);
            entries.put(model.getId(), new Entry(model.getParentId(), model.getName(), source, runtime));
            if (entry != null && entry.runtime().connections() != runtime.connections()) {
                retire(model.getId(), entry.runtime().connections());
            }
            return runtime;
        }
    }

    /** Closes the component's pool and removes its meters, once the component is gone. */
    synchronized void remove(String componentId) {
        Entry entry = entries.remove(componentId);
        if (entry != null) {
            drop(componentId, entry);
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
            } else if (!entry.describes(current)) {
                LOG.infof(
                        "External users component %s: configuration changed (on another node?), rebuilding",
                        componentId);
                session.getContext().setRealm(realm); // the vault resolves the realm's secrets
                try {
                    get(session, current);
                } catch (RuntimeException e) {
                    LOG.warnf(
                            "External users component %s: rebuilding after a configuration change failed, the old pool is "
                                    + "closed and the next request retries: %s",
                            componentId, e.toString());
                    removeIfUnchanged(componentId, entry);
                }
            }
        }
    }

    private synchronized void removeIfUnchanged(String componentId, Entry entry) {
        if (entries.remove(componentId, entry)) {
            drop(componentId, entry);
        }
    }

    private static void drop(String componentId, Entry entry) {
        entry.runtime().metrics().close();
        closeQuietly(componentId, entry.runtime().connections());
    }

    /** Closes the pools of a realm's components: removing a realm does not remove its components one by one. */
    synchronized void removeRealm(String realmId) {
        entries.entrySet().stream()
                .filter(e -> realmId.equals(e.getValue().realmId()))
                .map(Map.Entry::getKey)
                .toList()
                .forEach(this::remove);
    }

    @Override
    public synchronized void close() {
        entries.keySet().forEach(this::remove);
    }

    private ComponentRuntime build(
            KeycloakSession session, ComponentModel model, ExternalUsersConfig config, Entry previous) {
        AppConnections connections;
        Dialect dialect;
        Optional<String> policyRefusal =
                config.connection().unresolvedPlaceholder() ? Optional.empty() : refusedByPolicy(config);
        if (config.connection().unresolvedPlaceholder()) {
            // an imported realm whose ${...} URL nobody resolved: stored, but no database to talk to until an admin
            // sets it
            connections = unusable(
                    model,
                    "the JDBC URL is the unresolved placeholder ${"
                            + config.connection().placeholderName() + "}; an admin must enter the URL");
            dialect = Dialect.ofUnusableConnections();
        } else if (policyRefusal.isPresent()) {
            // stored before the operator's policy existed, or imported: never handed to a driver, fails as in an outage
            connections = unusable(model, "its database is refused by this server's policy: " + policyRefusal.get());
            dialect = Dialect.ofUnusableConnections();
        } else if (previous != null
                && previous.runtime().connections().usable()
                && previous.runtime().config().connection().equals(config.connection())) {
            connections = previous.runtime().connections();
            dialect = previous.runtime().dialect();
        } else if (config.connection().operatorDatasource()) {
            String name = config.connection().datasource();
            try {
                OperatorDatasource datasource = OperatorDatasource.lookup(session, name);
                connections = AppConnections.borrowed(datasource.dataSource());
                dialect = datasource.dialect();
                LOG.infof(
                        "External users component %s: uses the operator datasource '%s' (%s)",
                        model.getId(), name, dialect);
            } catch (InvalidConfigException e) {
                connections = unusable(model, e.getMessage());
                dialect = Dialect.ofUnusableConnections();
            }
        } else {
            dialect = Dialect.fromJdbcUrl(config.connection().jdbcUrl());
            connections = pool(session, model, config);
        }
        // the availability guard belongs to the connections: a rebuilt repository on the same pool keeps its state
        AvailabilityGuard guard = previous != null && previous.runtime().connections() == connections
                ? previous.runtime().repository().guard()
                : new AvailabilityGuard();
        AppUserRepository repository =
                new AppUserRepository(connections.dataSource(), config.mapping(), dialect, guard);
        HashingPolicy policy = hashLimits.cap(config.writes().hashing());
        if (!policy.equals(config.writes().hashing())) {
            LOG.warnf(
                    "External users component %s: the password hash costs are above this server's maximum; new hashes "
                            + "use the maximum instead",
                    model.getId());
        }
        PasswordHashVerifier verifier =
                new PasswordHashVerifier(config.allowLegacyHashes(), hashLimits, argon2Admission);
        PasswordHasher hasher = new PasswordHasher(policy, argon2Admission);
        return new ComponentRuntime(
                config,
                connections,
                dialect,
                repository,
                repository.memberships(config.memberships()),
                verifier,
                hasher,
                new DummyVerification(hasher, verifier),
                EditModePolicy.of(config, hasher),
                metrics(session, model, config, connections, guard));
    }

    /** The component's meters: its pool's, when it owns one (an operator datasource has Keycloak's agroal metrics). */
    private ComponentMetrics metrics(
            KeycloakSession session,
            ComponentModel model,
            ExternalUsersConfig config,
            AppConnections connections,
            AvailabilityGuard guard) {
        RealmModel realm = session.realms().getRealm(model.getParentId());
        ComponentMetrics metrics = new ComponentMetrics(
                registry,
                realm == null ? model.getParentId() : realm.getName(),
                model.getName() == null ? model.getId() : model.getName(),
                config.writes().hashing().algorithm().configValue());
        metrics.bindAvailability(() -> connections.usable() && guard.available());
        connections.ownedPool().ifPresent(metrics::bindPool);
        return metrics;
    }

    private Optional<String> refusedByPolicy(ExternalUsersConfig config) {
        try {
            policy.check(config.connection());
            return Optional.empty();
        } catch (InvalidConfigException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static AppConnections pool(KeycloakSession session, ComponentModel model, ExternalUsersConfig config) {
        try {
            AppConnections pool = AppConnections.ownedPool(
                    PooledDataSources.create(config.connection(), VaultSecrets.resolve(session, config.connection())));
            LOG.infof("External users component %s: connection pool created (%s)", model.getId(), config.connection());
            return pool;
        } catch (SQLException e) {
            return unusable(model, "cannot create the connection pool: " + e.getMessage());
        }
    }

    /** Calls fail as in an outage (the component's users cannot log in, nothing falls back to Keycloak-local users). */
    private static AppConnections unusable(ComponentModel model, String reason) {
        LOG.warnf(
                "External users component '%s' (%s) of realm %s: %s. Its users cannot log in until this is fixed.",
                model.getName(), model.getId(), model.getParentId(), reason);
        return AppConnections.unusable("External users component '" + model.getName() + "': " + reason);
    }

    /**
     * A pool replaced by a new configuration may still serve requests that started before the change: it is
     * closed after a grace period instead of under their feet.
     */
    private void retire(String componentId, AppConnections connections) {
        CompletableFuture.delayedExecutor(RETIREMENT_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> closeQuietly(componentId, connections));
    }

    private static void closeQuietly(String componentId, AppConnections connections) {
        if (!connections.owned()) {
            return;
        }
        try {
            connections.close();
            LOG.infof("External users component %s: connection pool closed", componentId);
        } catch (RuntimeException e) {
            LOG.warnf("External users component %s: closing the connection pool failed: %s", componentId, e.toString());
        }
    }
}
