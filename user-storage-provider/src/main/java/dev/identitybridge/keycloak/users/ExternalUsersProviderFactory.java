package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.api.AppUserStore;
import dev.identitybridge.keycloak.users.api.AppUserStoreSource;
import dev.identitybridge.keycloak.users.api.AppUserStores;
import dev.identitybridge.keycloak.users.api.MetricsSwitch;
import dev.identitybridge.keycloak.users.config.ConfigProperties;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.IdGeneration;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.config.PasswordReentry;
import dev.identitybridge.keycloak.users.config.Redaction;
import dev.identitybridge.keycloak.users.jdbc.AttributeColumnType;
import dev.identitybridge.keycloak.users.jdbc.AvailabilityGuard;
import dev.identitybridge.keycloak.users.jdbc.ConnectionPolicy;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.IdColumnType;
import dev.identitybridge.keycloak.users.jdbc.PooledDataSources;
import dev.identitybridge.keycloak.users.jdbc.TableInspector;
import dev.identitybridge.keycloak.users.jdbc.TableShape;
import dev.identitybridge.keycloak.users.jdbc.UniqueIndexes;
import dev.identitybridge.keycloak.users.jdbc.UserSql;
import dev.identitybridge.keycloak.users.password.HashLimits;
import io.micrometer.core.instrument.Metrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.timer.TimerProvider;

/**
 * Factory of the {@code external-users} user storage provider. Parses each component's configuration once,
 * owns one connection pool per component (see {@link ComponentRuntimes}), and validates configurations
 * against the operator's {@link ConnectionPolicy} and the real database before Keycloak saves them.
 */
public final class ExternalUsersProviderFactory
        implements UserStorageProviderFactory<ExternalUsersProvider>, AppUserStoreSource {

    public static final String PROVIDER_ID = AppUserStores.PROVIDER_ID;

    private static final Logger LOG = Logger.getLogger(ExternalUsersProviderFactory.class);
    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ConfigProperties.all();

    /** Shown for every network failure alike (refused, unreachable, timed out), so that validation is no port scanner. */
    static final String NETWORK_FAILURE = "Cannot reach the app database: no connection could be made (refused, "
            + "unreachable or no answer in time). The server log has the details.";

    private volatile ConnectionPolicy policy = ConnectionPolicy.defaults();
    private HashLimits hashLimits = HashLimits.defaults();
    private ComponentRuntimes runtimes = new ComponentRuntimes(hashLimits, policy, Metrics.globalRegistry);
    private final Set<String> warnedCacheBound = ConcurrentHashMap.newKeySet();
    private UserCacheBound cacheBound = new UserCacheBound(UserCacheBound.DEFAULT);

    /**
     * Reads the operator's options ({@code --spi-storage--external-users--<option>}): which databases components may
     * use ({@link ConnectionPolicy}) and the limits on password hashing ({@link HashLimits}). A bad value stops the
     * server with a message naming the option.
     */
    @Override
    public void init(Config.Scope scope) {
        policy = ConnectionPolicy.parse(scope::get);
        hashLimits = HashLimits.parse(scope::get);
        runtimes = new ComponentRuntimes(hashLimits, policy, MetricsSwitch.registry(scope::get));
        cacheBound = UserCacheBound.parse(scope.get(UserCacheBound.OPTION));
        LOG.infof(
                "External users: H2 %s, embedded H2 directory %s, database hosts %s, operator datasources %s",
                policy.allowH2() ? "allowed" : "refused",
                policy.h2Directory().map(Object::toString).orElse("none"),
                policy.allowedHosts().isEmpty() ? "any" : policy.allowedHosts(),
                policy.allowedDatasources().isEmpty() ? "none" : policy.allowedDatasources());
        LOG.infof(
                "External users: stored hashes above Argon2 m=%d KiB or t=%d, bcrypt cost %d or %d PBKDF2 iterations "
                        + "are refused; Argon2 memory budget %d MiB, wait at most %d ms",
                hashLimits.maxArgon2MemoryKib(),
                hashLimits.maxArgon2Iterations(),
                hashLimits.maxBcryptCost(),
                hashLimits.maxPbkdf2Iterations(),
                hashLimits.argon2BudgetKib() / 1024,
                hashLimits.argon2Wait().toMillis());
        LOG.infof(
                "External users: app users stay in Keycloak's user cache for at most %d ms",
                cacheBound.maxAge().toMillis());
    }

    ConnectionPolicy policy() {
        return policy;
    }

    /** The server-level options (SPI options), as opposed to the per-component {@link #getConfigProperties()}. */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(ConnectionPolicy.ALLOW_H2)
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(false)
                .helpText("Accept H2 JDBC URLs in external-users components")
                .add()
                .property()
                .name(ConnectionPolicy.H2_DIRECTORY)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Directory below which embedded H2 file databases may lie (unset: embedded H2 refused)")
                .add()
                .property()
                .name(ConnectionPolicy.ALLOWED_HOSTS)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated host or host:port entries components may connect to (unset: any host)")
                .add()
                .property()
                .name(HashLimits.MAX_ARGON2_MEMORY_KIB)
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Stored Argon2 hashes with a larger memory cost (KiB) are refused before hashing")
                .defaultValue(HashLimits.DEFAULT_MAX_ARGON2_MEMORY_KIB)
                .add()
                .property()
                .name(HashLimits.MAX_ARGON2_ITERATIONS)
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Stored Argon2 hashes with more iterations are refused before hashing")
                .defaultValue(HashLimits.DEFAULT_MAX_ARGON2_ITERATIONS)
                .add()
                .property()
                .name(HashLimits.MAX_BCRYPT_COST)
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Stored bcrypt hashes with a larger cost are refused before hashing")
                .defaultValue(HashLimits.DEFAULT_MAX_BCRYPT_COST)
                .add()
                .property()
                .name(HashLimits.MAX_PBKDF2_ITERATIONS)
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText(
                        "Stored PBKDF2 hashes with more iterations (and SHA-crypt hashes with more rounds) are refused")
                .defaultValue(HashLimits.DEFAULT_MAX_PBKDF2_ITERATIONS)
                .add()
                .property()
                .name(HashLimits.ARGON2_MEMORY_BUDGET_MIB)
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText(
                        "Argon2 memory of all verifications running at once (MiB); default: a quarter of the maximum heap")
                .add()
                .property()
                .name(HashLimits.ARGON2_WAIT_TIMEOUT_MS)
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("How long a login waits for Argon2 capacity before it fails (ms)")
                .defaultValue(HashLimits.DEFAULT_ARGON2_WAIT_TIMEOUT_MS)
                .add()
                .property()
                .name(UserCacheBound.OPTION)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText(
                        "Longest time an app user stays in Keycloak's user cache, and so the longest a user disabled in or "
                                + "deleted from the app table can still refresh tokens or use an SSO session (500ms, 5s, 2m). "
                                + "Components may choose less, never more.")
                .defaultValue(UserCacheBound.DEFAULT.toSeconds() + "s")
                .add()
                .property()
                .name(ConnectionPolicy.ALLOWED_DATASOURCES)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText(
                        "Comma-separated names of datasources declared in Keycloak's configuration (db-kind-<name>, ...) "
                                + "that components may use instead of a JDBC URL (unset: none)")
                .add()
                .property(MetricsSwitch.property())
                .build();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "External users: the application's own users table (PostgreSQL, MySQL/MariaDB, H2) as Keycloak users, "
                + "with passwords checked against the app's existing hashes.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                String realmId = removed.getRealm().getId();
                afterCommit(removed.getKeycloakSession(), () -> runtimes.removeRealm(realmId));
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                ImportedComponents.report(created.getKeycloakSession(), created.getCreatedRealm());
            }
        });
        // the events above only reach the node that served the admin request: every node also sweeps its own pools
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class)
                    .scheduleTask(new PoolSweepTask(runtimes), PoolSweepTask.INTERVAL.toMillis(), PoolSweepTask.NAME);
        }
    }

    @Override
    public ExternalUsersProvider create(KeycloakSession session, ComponentModel model) {
        warnIfBeyondCacheBound(model);
        return new ExternalUsersProvider(session, model, runtimes.get(session, model), Clock.systemUTC());
    }

    /** The app users table of one component, for the other Identity Bridge modules. */
    @Override
    public AppUserStore store(KeycloakSession session, ComponentModel model) {
        return new JdbcAppUserStore(model, runtimes.get(session, model), Clock.systemUTC());
    }

    /**
     * What the configuration itself says, checked before anything is opened: its form, the JDBC URL against the
     * operator's policy, and that a stored password does not follow a changed URL or user. Keycloak runs this before
     * every admin save AND for every component of a realm it imports (admin "Create realm" from a file,
     * {@code kc.sh import}, {@code --import-realm}), so it never opens a connection: an app database that is
     * unreachable at import time, or a {@code ${...}} URL placeholder left unresolved by an import, must not stop the
     * import. The database is checked by {@link #checkAppDatabase} from {@link #onCreate} and {@link #onUpdate},
     * which only an admin's save runs.
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        try {
            enforceCacheBound(model);
            ExternalUsersConfig config = ExternalUsersConfig.parse(model.getConfig());
            if (config.connection().unresolvedPlaceholder()) {
                return; // imported as is and reported at use; an admin's save refuses it (checkAppDatabase)
            }
            policy.check(config.connection());
            hashLimits.exceededBy(config.writes().hashing()).ifPresent(message -> {
                throw new InvalidConfigException(message);
            });
            PasswordReentry.check(storedConfig(realm, model), model.getConfig());
        } catch (InvalidConfigException e) {
            throw validationError(e.getMessage());
        }
    }

    /** An admin created the component (imports never call this): the database must answer and the table must fit. */
    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        checkAppDatabase(session, model);
    }

    /** An admin saved the component: checked like a new one (Keycloak rolls the save back when this throws). */
    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        checkAppDatabase(session, newModel);
    }

    /**
     * Connects to the app database and inspects the table. A disabled component is not connected to (an admin
     * may disable it during an outage), but its URL must still be a real one.
     */
    static void checkAppDatabase(KeycloakSession session, ComponentModel model) throws ComponentValidationException {
        try {
            ExternalUsersConfig config = ExternalUsersConfig.parse(model.getConfig());
            if (config.connection().unresolvedPlaceholder()) {
                throw new InvalidConfigException(
                        "JDBC URL is the unresolved placeholder ${"
                                + config.connection().placeholderName()
                                + "}: Keycloak replaces placeholders only when it imports realm files at start-up (--import-realm, "
                                + "kc.sh import), and only when the variable is set or the placeholder has a default. Enter the JDBC URL.");
            }
            if (!new UserStorageProviderModel(model).isEnabled()) {
                return;
            }
            OperatorDatasource datasource = config.connection().operatorDatasource()
                    ? OperatorDatasource.lookup(session, config.connection().datasource())
                    : null;
            Dialect dialect = datasource != null
                    ? datasource.dialect()
                    : Dialect.fromJdbcUrl(config.connection().jdbcUrl());
            try (Connection connection = datasource != null
                    ? datasource.dataSource().getConnection()
                    : PooledDataSources.connectOnce(
                            config.connection(), VaultSecrets.resolve(session, config.connection()))) {
                TableShape shape =
                        TableInspector.describe(connection, config.mapping(), new UserSql(config.mapping(), dialect));
                AttributeColumnType.requireSupported(config.mapping().attributes(), shape);
                checkIdGeneration(config, shape);
                checkUniqueIndexes(connection, config, dialect);
                JoinTableCheck.check(session, model, config, connection, dialect);
            }
        } catch (InvalidConfigException e) {
            throw validationError(e.getMessage());
        } catch (SQLException e) {
            if (AvailabilityGuard.isConnectionFailure(e)) {
                LOG.debugf(
                        "External users component %s of realm %s: validation could not connect: %s",
                        model.getId(), model.getParentId(), Redaction.secrets(String.valueOf(e)));
                throw validationError(NETWORK_FAILURE);
            }
            throw validationError("Cannot reach the app database: " + describe(e));
        }
    }

    /** The configuration stored before this update (Keycloak validates before it writes), or null for a new component. */
    private static Map<String, List<String>> storedConfig(RealmModel realm, ComponentModel model) {
        if (model.getId() == null) {
            return null;
        }
        ComponentModel stored = realm.getComponent(model.getId());
        return stored == null || !PROVIDER_ID.equals(stored.getProviderId()) ? null : stored.getConfig();
    }

    /** Stores the cache settings within the operator's bound (see {@link UserCacheBound}); refuses explicit longer ones. */
    private void enforceCacheBound(ComponentModel model) {
        cacheBound
                .apply(model)
                .ifPresent(change -> LOG.debugf("External users component %s: %s", model.getId(), change));
    }

    /** A component stored before the bound existed (or imported unvalidated) keeps its policy until it is saved again. */
    private void warnIfBeyondCacheBound(ComponentModel model) {
        if (model.getId() != null
                && !warnedCacheBound.contains(model.getId())
                && cacheBound.exceededBy(model)
                && warnedCacheBound.add(model.getId())) {
            LOG.warnf(
                    "External users component %s: its cache policy keeps app users cached beyond this server's bound of %d ms, "
                            + "so a user disabled in the app table may keep access longer; save the component to apply the bound",
                    model.getId(), cacheBound.maxAge().toMillis());
        }
    }

    /**
     * WRITABLE: refuses a table whose username, email or auth id column has no unique index, naming the statements
     * that would create them; without them two concurrent creations can write two rows for one person.
     */
    private static void checkUniqueIndexes(Connection connection, ExternalUsersConfig config, Dialect dialect)
            throws SQLException {
        if (!config.writes().writable()) {
            return;
        }
        List<UniqueIndexes.Missing> missing = UniqueIndexes.missing(connection, config.mapping(), dialect);
        if (!missing.isEmpty()) {
            throw new InvalidConfigException("Edit mode WRITABLE needs a unique index on each of "
                    + missing.stream()
                            .map(m -> "'" + m.column() + "'")
                            .collect(java.util.stream.Collectors.joining(", "))
                    + " so that the table keeps one row per person; create "
                    + (missing.size() == 1 ? "it" : "them") + " with: "
                    + missing.stream()
                            .map(UniqueIndexes.Missing::createStatement)
                            .collect(java.util.stream.Collectors.joining("; ")));
        }
    }

    /** Keycloak can only make up text or UUID ids; numeric ids must come from the database. */
    private static void checkIdGeneration(ExternalUsersConfig config, TableShape shape) {
        if (!config.writes().syncRegistrations()) {
            return;
        }
        String id = config.mapping().id();
        if (config.writes().idGeneration() == IdGeneration.UUID && shape.idType() == IdColumnType.WHOLE_NUMBER) {
            throw new InvalidConfigException(
                    "Id column '" + id + "' is numeric: Keycloak cannot generate UUIDs for it. "
                            + "Set id generation to DATABASE (the column must be an identity/serial/auto-increment column).");
        }
        if (config.writes().idGeneration() == IdGeneration.DATABASE
                && !shape.column(id).autoIncrement()) {
            throw new InvalidConfigException(
                    "Id generation DATABASE needs an identity, serial or auto-increment id column; '" + id
                            + "' is not one. Use UUID.");
        }
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        String componentId = model.getId();
        afterCommit(session, () -> runtimes.remove(componentId));
    }

    /** Pools are closed only once the removal is committed (a rolled-back removal keeps its pool). */
    private static void afterCommit(KeycloakSession session, Runnable action) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                action.run();
            }

            @Override
            protected void rollbackImpl() {
                // nothing was removed
            }
        });
    }

    @Override
    public void close() {
        runtimes.close();
    }

    /**
     * Keycloak renders validation messages through {@link java.text.MessageFormat}; passing ours as the
     * parameter keeps quotes and braces (e.g. from a driver's message) intact.
     */
    static ComponentValidationException validationError(String message) {
        return new ComponentValidationException("{0}", message);
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : Redaction.secrets(e.getMessage());
        String firstLine = message.lines().findFirst().orElse(message);
        return (firstLine.length() > 300 ? firstLine.substring(0, 300) + "…" : firstLine)
                + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
    }
}
