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
import dev.identitybridge.keycloak.users.jdbc.UserSql;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.timer.TimerProvider;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * Factory of the {@code external-users} user storage provider. Parses each component's configuration once,
 * owns one connection pool per component (see {@link ComponentRuntimes}), and validates configurations
 * against the real database before Keycloak saves them.
 */
public final class ExternalUsersProviderFactory implements UserStorageProviderFactory<ExternalUsersProvider> {

    public static final String PROVIDER_ID = "external-users";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ConfigProperties.all();

    private final ComponentRuntimes runtimes = new ComponentRuntimes();

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
            }
        });
        // the events above only reach the node that served the admin request: every node also sweeps its own pools
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class).scheduleTask(new PoolSweepTask(runtimes), PoolSweepTask.INTERVAL.toMillis(),
                    PoolSweepTask.NAME);
        }
    }

    @Override
    public ExternalUsersProvider create(KeycloakSession session, ComponentModel model) {
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
            ExternalUsersConfig config = ExternalUsersConfig.parse(model.getConfig());
            try (Connection connection = PooledDataSources.connectOnce(config.connection(),
                    VaultSecrets.resolve(session, config.connection()))) {
                TableShape shape = TableInspector.describe(connection, config.mapping(),
                        new UserSql(config.mapping(), Dialect.fromJdbcUrl(config.connection().jdbcUrl())));
                checkIdGeneration(config, shape);
            }
        } catch (InvalidConfigException e) {
            throw validationError(e.getMessage());
        } catch (SQLException e) {
            throw validationError("Cannot reach the app database: " + describe(e));
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
