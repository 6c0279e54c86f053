package dev.identitybridge.keycloak.events;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.storage.configuration.ServerConfigStorageProvider;
import org.keycloak.timer.ScheduledTask;

import java.time.Duration;
import java.time.Instant;

/**
 * Deletes rows older than the retention period (retention {@code keep}), once per interval for the whole cluster.
 * Every node schedules it through Keycloak's {@code ClusterAwareScheduledTaskRunner}, which only keeps two nodes from
 * running it at the same moment (its lock is released when the run ends); the run itself first claims the interval
 * in Keycloak's database (the server configuration store, key {@value #LAST_RUN_KEY}), so the nodes that fire later
 * in the same interval skip. The claim and the delete commit together.
 */
final class OutboxCleanupTask implements ScheduledTask {

    static final String LAST_RUN_KEY = "identity-bridge.outbox-cleanup.last-run";
    private static final Logger LOG = Logger.getLogger(OutboxCleanupTask.class);

    private final Duration retentionPeriod;
    private final CleanupTurn turn;

    OutboxCleanupTask(Duration retentionPeriod, Duration interval) {
        this.retentionPeriod = retentionPeriod;
        this.turn = new CleanupTurn(interval);
    }

    @Override
    public void run(KeycloakSession session) {
        long now = System.currentTimeMillis();
        ServerConfigStorageProvider store = session.getProvider(ServerConfigStorageProvider.class);
        store.loadOrCreate(LAST_RUN_KEY, CleanupTurn.NEVER);
        if (!store.replace(LAST_RUN_KEY, last -> turn.due(last, now), () -> Long.toString(now))) {
            LOG.debugf("Outbox cleanup skipped: another node ran it less than %s ago", turn.interval());
            return;
        }
        Instant cutoff = Instant.ofEpochMilli(now).minus(retentionPeriod);
        int deleted = session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("delete from IdentityOutboxEntity e where e.timestamp < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
        LOG.debugf("Outbox cleanup ran: deleted %d identity_outbox rows older than %s", deleted, cutoff);
    }

    @Override
    public String getTaskName() {
        return "identity-outbox-cleanup";
    }
}
