package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ConfigProperties;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.config.IdGeneration;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.IdColumnType;
import dev.identitybridge.keycloak.users.jdbc.TableShape;
import dev.identitybridge.keycloak.users.jdbc.PooledDataSources;
import dev.identitybridge.keycloak.users.jdbc.TableInspector;
import dev.identitybridge.keycloak.users.jdbc.UniqueIndexes;
import dev.identitybridge.keycloak.users.jdbc.UserSql;
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

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Factory of the {@code external-users} user storage provider. Parses each component's configuration once,
 * owns one connection pool per component (see {@link ComponentRuntimes}), and validates configurations
 * against the real database before Keycloak saves them.
 */
public final class ExternalUsersProviderFactory implements UserStorageProviderFactory<ExternalUsersProvider> {

    public static final String PROVIDER_ID = "external-users";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ConfigProperties.all();

    private static final Logger LOG = Logger.getLogger(ExternalUsersProviderFactory.class);

    private final ComponentRuntimes runtimes = new ComponentRuntimes();
    private final Set<String> warnedCacheBound = ConcurrentHashMap.newKeySet();
    private UserCacheBound cacheBound = new UserCacheBound(UserCacheBound.DEFAULT);

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
    public void init(Config.Scope scope) {
        cacheBound = UserCacheBound.parse(scope.get(UserCacheBound.OPTION));
        LOG.infof("External users: app users stay in Keycloak's user cache for at most %d ms", cacheBound.maxAge().toMillis());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(UserCacheBound.OPTION).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Longest time an app user stays in Keycloak's user cache, and so the longest a user disabled in or "
                        + "deleted from the app table can still refresh tokens or use an SSO session (500ms, 5s, 2m). "
                        + "Components may choose less, never more.")
                .defaultValue(UserCacheBound.DEFAULT.toSeconds() + "s").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                String realmId = removed.getRealm().getId();
                afterCommit(removed.getKeycloakSession(), () -> runtimes.removeRealm(realmId));
            }
        });
    }

    @Override
    public ExternalUsersProvider create(KeycloakSession session, ComponentModel model) {
        warnIfBeyondCacheBound(model);
        return new ExternalUsersProvider(session, model, runtimes.get(session, model), Clock.systemUTC());
    }

    /** The app users table of one component, for the other Identity Bridge modules. */
    AppUserStore store(KeycloakSession session, ComponentModel model) {
        return new AppUserStore(model, runtimes.get(session, model), Clock.systemUTC());
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        try {
            enforceCacheBound(model);
            ExternalUsersConfig config = ExternalUsersConfig.parse(model.getConfig());
            try (Connection connection = PooledDataSources.connectOnce(config.connection(),
                    VaultSecrets.resolve(session, config.connection()))) {
                TableShape shape = TableInspector.describe(connection, config.mapping(),
                        new UserSql(config.mapping(), Dialect.fromJdbcUrl(config.connection().jdbcUrl())));
                checkIdGeneration(config, shape);
                checkUniqueIndexes(connection, config);
            }
        } catch (InvalidConfigException e) {
            throw validationError(e.getMessage());
        } catch (SQLException e) {
            throw validationError("Cannot reach the app database: " + describe(e));
        }
    }

    /** Stores the cache settings within the operator's bound (see {@link UserCacheBound}); refuses explicit longer ones. */
    private void enforceCacheBound(ComponentModel model) {
        cacheBound.apply(model).ifPresent(change -> LOG.debugf("External users component %s: %s", model.getId(), change));
    }

    /** A component stored before the bound existed (or imported unvalidated) keeps its policy until it is saved again. */
    private void warnIfBeyondCacheBound(ComponentModel model) {
        if (model.getId() != null && !warnedCacheBound.contains(model.getId()) && cacheBound.exceededBy(model)
                && warnedCacheBound.add(model.getId())) {
            LOG.warnf("External users component %s: its cache policy keeps app users cached beyond this server's bound of %d ms, "
                    + "so a user disabled in the app table may keep access longer; save the component to apply the bound",
                    model.getId(), cacheBound.maxAge().toMillis());
        }
    }

    /**
     * WRITABLE: refuses a table whose username, email or auth id column has no unique index, naming the statements
     * that would create them; without them two concurrent creations can write two rows for one person.
     */
    private static void checkUniqueIndexes(Connection connection, ExternalUsersConfig config) throws SQLException {
        if (!config.writes().writable()) {
            return;
        }
        List<UniqueIndexes.Missing> missing = UniqueIndexes.missing(connection, config.mapping(),
                Dialect.fromJdbcUrl(config.connection().jdbcUrl()));
        if (!missing.isEmpty()) {
            throw new InvalidConfigException("Edit mode WRITABLE needs a unique index on each of "
                    + missing.stream().map(m -> "'" + m.column() + "'").collect(java.util.stream.Collectors.joining(", "))
                    + " so that the table keeps one row per person; create "
                    + (missing.size() == 1 ? "it" : "them") + " with: "
                    + missing.stream().map(UniqueIndexes.Missing::createStatement).collect(java.util.stream.Collectors.joining("; ")));
        }
    }

    /** Keycloak can only make up text or UUID ids; numeric ids must come from the database. */
    private static void checkIdGeneration(ExternalUsersConfig config, TableShape shape) {
        if (!config.writes().syncRegistrations()) {
            return;
        }
        String id = config.mapping().id();
        if (config.writes().idGeneration() == IdGeneration.UUID && shape.idType() == IdColumnType.WHOLE_NUMBER) {
            throw new InvalidConfigException("Id column '" + id + "' is numeric: Keycloak cannot generate UUIDs for it. "
                    + "Set id generation to DATABASE (the column must be an identity/serial/auto-increment column).");
        }
        if (config.writes().idGeneration() == IdGeneration.DATABASE && !shape.column(id).autoIncrement()) {
            throw new InvalidConfigException("Id generation DATABASE needs an identity, serial or auto-increment id column; '"
                    + id + "' is not one. Use UUID.");
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
    private static ComponentValidationException validationError(String message) {
        return new ComponentValidationException("{0}", message);
    }

    private static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String firstLine = message.lines().findFirst().orElse(message);
        return (firstLine.length() > 300 ? firstLine.substring(0, 300) + "…" : firstLine)
                + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")");
    }
}
