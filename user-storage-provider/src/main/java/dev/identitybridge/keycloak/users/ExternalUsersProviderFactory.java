package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ConfigProperties;
import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import dev.identitybridge.keycloak.users.config.IdGeneration;
import dev.identitybridge.keycloak.users.config.PasswordReentry;
import dev.identitybridge.keycloak.users.config.Redaction;
import dev.identitybridge.keycloak.users.jdbc.AvailabilityGuard;
import dev.identitybridge.keycloak.users.jdbc.ConnectionPolicy;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import dev.identitybridge.keycloak.users.jdbc.IdColumnType;
import dev.identitybridge.keycloak.users.jdbc.TableShape;
import dev.identitybridge.keycloak.users.jdbc.PooledDataSources;
import dev.identitybridge.keycloak.users.jdbc.TableInspector;
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
import org.keycloak.storage.UserStorageProviderModel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Factory of the {@code external-users} user storage provider. Parses each component's configuration once,
 * owns one connection pool per component (see {@link ComponentRuntimes}), and validates configurations
 * against the operator's {@link ConnectionPolicy} and the real database before Keycloak saves them.
 */
public final class ExternalUsersProviderFactory implements UserStorageProviderFactory<ExternalUsersProvider> {

    public static final String PROVIDER_ID = "external-users";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ConfigProperties.all();

    /** Shown for every network failure alike (refused, unreachable, timed out), so that validation is no port scanner. */
    static final String NETWORK_FAILURE = "Cannot reach the app database: no connection could be made (refused, "
            + "unreachable or no answer in time). The server log has the details.";

    private static final Logger LOG = Logger.getLogger(ExternalUsersProviderFactory.class);

    private final ComponentRuntimes runtimes = new ComponentRuntimes();
    private volatile ConnectionPolicy policy = ConnectionPolicy.defaults();

    @Override
    public void init(Config.Scope scope) {
        policy = ConnectionPolicy.parse(scope::get);
        LOG.infof("External users: H2 %s, embedded H2 directory %s, database hosts %s, operator datasources %s",
                policy.allowH2() ? "allowed" : "refused", policy.h2Directory().map(Object::toString).orElse("none"),
                policy.allowedHosts().isEmpty() ? "any" : policy.allowedHosts(),
                policy.allowedDatasources().isEmpty() ? "none" : policy.allowedDatasources());
    }

    ConnectionPolicy policy() {
        return policy;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(ConnectionPolicy.ALLOW_H2).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Accept H2 JDBC URLs in external-users components").add()
                .property().name(ConnectionPolicy.H2_DIRECTORY).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Directory below which embedded H2 file databases may lie (unset: embedded H2 refused)").add()
                .property().name(ConnectionPolicy.ALLOWED_HOSTS).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated host or host:port entries components may connect to (unset: any host)").add()
                .property().name(ConnectionPolicy.ALLOWED_DATASOURCES).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated names of datasources declared in Keycloak's configuration (db-kind-<name>, ...) "
                        + "that components may use instead of a JDBC URL (unset: none)").add()
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
    }

    @Override
    public ExternalUsersProvider create(KeycloakSession session, ComponentModel model) {
        return new ExternalUsersProvider(session, model, runtimes.get(session, model, policy), Clock.systemUTC());
    }

    /** The app users table of one component, for the other Identity Bridge modules. */
    AppUserStore store(KeycloakSession session, ComponentModel model) {
        return new AppUserStore(model, runtimes.get(session, model, policy), Clock.systemUTC());
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
            ExternalUsersConfig config = ExternalUsersConfig.parse(model.getConfig());
            if (config.connection().unresolvedPlaceholder()) {
                return; // imported as is and reported at use; an admin's save refuses it (checkAppDatabase)
            }
            policy.check(config.connection());
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
                throw new InvalidConfigException("JDBC URL is the unresolved placeholder ${" + config.connection().placeholderName()
                        + "}: Keycloak replaces placeholders only when it imports realm files at start-up (--import-realm, "
                        + "kc.sh import). Enter the JDBC URL.");
            }
            if (!new UserStorageProviderModel(model).isEnabled()) {
                return;
            }
            OperatorDatasource datasource = config.connection().operatorDatasource()
                    ? OperatorDatasource.lookup(session, config.connection().datasource()) : null;
            Dialect dialect = datasource != null ? datasource.dialect() : Dialect.fromJdbcUrl(config.connection().jdbcUrl());
            try (Connection connection = datasource != null ? datasource.dataSource().getConnection()
                    : PooledDataSources.connectOnce(config.connection(), VaultSecrets.resolve(session, config.connection()))) {
                TableShape shape = TableInspector.describe(connection, config.mapping(), new UserSql(config.mapping(), dialect));
                checkIdGeneration(config, shape);
            }
        } catch (InvalidConfigException e) {
            throw validationError(e.getMessage());
        } catch (SQLException e) {
            if (AvailabilityGuard.isConnectionFailure(e)) {
                LOG.debugf("External users component %s of realm %s: validation could not connect: %s", model.getId(),
                        model.getParentId(), Redaction.secrets(String.valueOf(e)));
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
