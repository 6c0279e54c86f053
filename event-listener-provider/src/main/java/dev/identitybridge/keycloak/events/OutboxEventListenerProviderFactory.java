package dev.identitybridge.keycloak.events;

import dev.identitybridge.keycloak.users.api.AppUserLinkedEvent;
import dev.identitybridge.keycloak.users.api.AppUserProvisionedEvent;
import dev.identitybridge.keycloak.users.api.MetricsSwitch;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The {@code outbox} event listener. Options are parsed once here into an immutable {@link OutboxConfig}; each
 * session gets a cheap provider holding it. With retention {@code keep}, schedules the cluster-aware cleanup.
 */
public final class OutboxEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "outbox";
    private static final Logger LOG = Logger.getLogger(OutboxEventListenerProviderFactory.class);

    private OutboxConfig config;
    private OutboxMetrics metrics;
    private OutboxTable table;
    /** Whether the identity_bridge_outbox_* meters are recorded (and the oldest row's age measured). */
    private boolean metricsEnabled;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new OutboxEventListenerProvider(session, config, metrics, table);
    }

    @Override
    public void init(Config.Scope scope) {
        config = OutboxConfig.parse(scope::get);
        metricsEnabled = MetricsSwitch.enabled(scope::get);
        metrics = new OutboxMetrics(MetricsSwitch.registry(metricsEnabled), config.types());
        table = new OutboxTable(new AsyncCommit(config.synchronousCommit()));
        LOG.infof(
                "Outbox listener: %d event types, retention %s%s",
                config.types().size(),
                config.retention().option(),
                config.retention() == Retention.KEEP ? " " + config.retentionPeriod() : "");
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            // provisioning and links by the identity resource (identity.user.provisioned.v1,
            // identity.user.linked.v1), in the request's own transaction
            if (event instanceof AppUserProvisionedEvent provisioned) {
                IdentityOutbox.recordUserProvisioned(
                        provisioned.session(),
                        provisioned.realm(),
                        provisioned.authId(),
                        provisioned.appUserId(),
                        provisioned.clientId());
            } else if (event instanceof AppUserLinkedEvent linked) {
                IdentityOutbox.recordUserLinked(
                        linked.session(),
                        linked.realm(),
                        linked.authId(),
                        linked.appUserId(),
                        linked.clientId(),
                        linked.linkedBy());
            } else if (event instanceof PostMigrationEvent) {
                // the table exists only once Keycloak has run the changelogs: on a new database that takes longer
                // than the first run of a task scheduled now
                scheduleRetentionTasks(factory);
            }
        });
    }

    /** With retention {@code keep}: the cleanup (one node of the cluster) and the oldest row's age (every node). */
    private void scheduleRetentionTasks(KeycloakSessionFactory factory) {
        if (config.retention() != Retention.KEEP) {
            return;
        }
        long interval = config.cleanupInterval().toMillis();
        try (KeycloakSession session = factory.create()) {
            TimerProvider timer = session.getProvider(TimerProvider.class);
            timer.schedule(
                    new ClusterAwareScheduledTaskRunner(
                            factory,
                            new OutboxCleanupTask(config.retentionPeriod(), config.cleanupInterval()),
                            interval),
                    interval,
                    "identity-outbox-cleanup");
            if (metricsEnabled) {
                // every node measures for its own scrape (one indexed min() per interval), not only the one that
                // cleans up
                OutboxAgeProbe age = new OutboxAgeProbe(Clock.systemUTC());
                metrics.oldestRowAge(age);
                timer.scheduleTask(
                        age, OutboxAgeProbe.interval(config.cleanupInterval()).toMillis(), OutboxAgeProbe.NAME);
            }
        }
    }

    @Override
    public void close() {}

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        String defaultTypes = Arrays.stream(OutboxType.values())
                .filter(OutboxType::isDefault)
                .filter(t -> !t.isAdminType())
                .map(t -> t.source().orElse(t.typeName()))
                .collect(Collectors.joining(","));
        return ProviderConfigurationBuilder.create()
                .property()
                .name(OutboxConfig.INCLUDE_TYPES)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText(
                        "Comma-separated event types to write: Keycloak names (LOGIN) or outbox type names (identity.login.succeeded.v1). "
                                + "Default: all but REFRESH_TOKEN.")
                .defaultValue(defaultTypes)
                .add()
                .property()
                .name(OutboxConfig.EXCLUDE_TYPES)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated event types not to write, applied after include-types.")
                .add()
                .property()
                .name(OutboxConfig.ADMIN_EVENTS)
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .helpText(
                        "Also write admin events on users: create, update, delete, password reset, group membership added/removed, "
                                + "role granted/revoked (role names need the realm's admin events to include representations).")
                .defaultValue("false")
                .add()
                .property()
                .name(OutboxConfig.EXCLUDE_CLIENTS)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated clients whose events (and those of their service accounts) are not written: "
                        + "clientId for every realm, or realm/clientId. Default: none.")
                .add()
                .property()
                .name(OutboxConfig.PERSONAL_DATA)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Personal data to write, comma-separated: email, username, ip-address. Default: none.")
                .add()
                .property()
                .name(OutboxConfig.PERSONAL_DATA_REALMS)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Realm names whose rows carry the personal data of personal-data; * for every realm.")
                .defaultValue("*")
                .add()
                .property()
                .name(OutboxConfig.RETENTION)
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(Retention.KEEP.option(), Retention.DELETE_AFTER_INSERT.option())
                .helpText(
                        "keep: rows stay for retention-period. delete-after-insert: each row is deleted in the same transaction "
                                + "right after the insert (for a log-based relay such as Debezium).")
                .defaultValue(Retention.KEEP.option())
                .add()
                .property()
                .name(OutboxConfig.RETENTION_PERIOD)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("With retention keep: how long rows stay (30s, 15m, 2h, 7d or ISO-8601).")
                .defaultValue(OutboxConfig.DEFAULT_RETENTION_PERIOD)
                .add()
                .property()
                .name(OutboxConfig.CLEANUP_INTERVAL)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("With retention keep: how often one cluster node deletes expired rows.")
                .defaultValue(OutboxConfig.DEFAULT_CLEANUP_INTERVAL)
                .add()
                .property()
                .name(OutboxConfig.SYNCHRONOUS_COMMIT)
                .type(ProviderConfigProperty.BOOLEAN_TYPE)
                .helpText(
                        "true: a transaction whose only writes are outbox rows (a login's) always waits for the database's "
                                + "log flush. false: it commits as Keycloak commits its own event rows (asynchronously on PostgreSQL "
                                + "with Keycloak 26.7 or later).")
                .defaultValue("false")
                .add()
                .property(MetricsSwitch.property())
                .build();
    }
}
