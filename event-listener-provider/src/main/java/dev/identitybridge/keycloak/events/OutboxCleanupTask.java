package dev.identitybridge.keycloak.events;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

import java.time.Duration;
import java.time.Instant;

/**
 * Deletes rows older than the retention period (retention {@code keep}). Run through Keycloak's
 * {@code ClusterAwareScheduledTaskRunner}: once per interval across the cluster, in its own transaction.
 */
final class OutboxCleanupTask implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(OutboxCleanupTask.class);

    private final Duration retentionPeriod;

    OutboxCleanupTask(Duration retentionPeriod) {
        this.retentionPeriod = retentionPeriod;
    }

    @Override
    public void run(KeycloakSession session) {
        Instant cutoff = Instant.now().minus(retentionPeriod);
        int deleted = session.getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery("delete from IdentityOutboxEntity e where e.timestamp < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
        LOG.debugf("Deleted %d identity_outbox rows older than %s", deleted, cutoff);
    }

    @Override
    public String getTaskName() {
        return "identity-outbox-cleanup";
    }
}
