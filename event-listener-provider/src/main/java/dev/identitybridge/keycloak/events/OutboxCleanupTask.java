package dev.identitybridge.keycloak.events;

import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.configuration.ServerConfigStorageProvider;
import org.keycloak.timer.ScheduledTask;

/**
 * Deletes rows older than the retention period (retention {@code keep}), once per interval for the whole cluster.
 * Every node schedules it through Keycloak's {@code ClusterAwareScheduledTaskRunner}, which only keeps two nodes from
 * running it at the same moment (its lock is released when the run ends); the run itself first claims the interval
 * in Keycloak's database (the server configuration store, key {@value #LAST_RUN_KEY}), so the nodes that fire later
 * in the same interval skip.
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
        if (!claim(session.getKeycloakSessionFactory(), now)) {
            return;
        }
        Instant cutoff = Instant.ofEpochMilli(now).minus(retentionPeriod);
        int deleted = session.getProvider(JpaConnectionProvider.class)
                .getEntityManager()
                .createQuery("delete from IdentityOutboxEntity e where e.timestamp < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
        LOG.debugf("Outbox cleanup ran: deleted %d identity_outbox rows older than %s", deleted, cutoff);
    }

    /**
     * Claims this interval in a transaction of its own, committed before the delete: a node that fires at the same
     * moment fails its commit (the stored value is versioned, or the first value is being created) and skips,
     * instead of failing the whole run.
     */
    private boolean claim(KeycloakSessionFactory factory, long now) {
        try {
            boolean claimed = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                ServerConfigStorageProvider store = s.getProvider(ServerConfigStorageProvider.class);
                store.loadOrCreate(LAST_RUN_KEY, CleanupTurn.NEVER);
                return store.replace(LAST_RUN_KEY, last -> turn.due(last, now), () -> Long.toString(now));
            });
            if (!claimed) {
                LOG.debugf("Outbox cleanup skipped: another node ran it less than %s ago", turn.interval());
            }
            return claimed;
        } catch (RuntimeException e) {
            if (!claimedConcurrently(e)) {
                throw e;
            }
            LOG.debugf(
                    "Outbox cleanup skipped: another node claimed this interval at the same moment (%s)", e.toString());
            return false;
        }
    }

    private static boolean claimedConcurrently(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof ModelDuplicateException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String getTaskName() {
        return "identity-outbox-cleanup";
    }
}
