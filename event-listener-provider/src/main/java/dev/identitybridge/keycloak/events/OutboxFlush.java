package dev.identitybridge.keycloak.events;

import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When the outbox table cannot be written (missing, INSERT revoked), the operation that sent the event fails: a
 * change never commits without its event, which consumers of the outbox rely on. Enlisted in the prepare phase of
 * the transaction that holds outbox rows, it flushes them before Keycloak commits, so that such a failure is
 * reported by one clear ERROR line (and counted as failed) before Keycloak rolls the whole transaction back.
 */
final class OutboxFlush extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(OutboxFlush.class);

    private final EntityManager em;
    private final OutboxMetrics metrics;
    private final List<OutboxType> pending = new ArrayList<>();

    OutboxFlush(EntityManager em, OutboxMetrics metrics) {
        this.em = em;
        this.metrics = metrics;
    }

    void add(OutboxType type) {
        pending.add(type);
    }

    @Override
    protected void commitImpl() {
        try {
            em.flush();
        } catch (RuntimeException e) {
            if (concernsOutboxTable(e)) {
                pending.forEach(metrics::failed);
                LOG.errorf("Outbox: %d event(s) could not be written to table %s (%s); the operation that sent them is rolled "
                                + "back, so that no change commits without its event. Check that the table exists and that Keycloak's "
                                + "database user may INSERT into it, or remove the 'outbox' listener from the realm.",
                        pending.size(), OutboxEntity.TABLE, describe(e));
            }
            throw e;
        }
    }

    @Override
    protected void rollbackImpl() {
        // nothing of ours to undo: the rows go with Keycloak's transaction
    }

    /** Whether the failure names the outbox table (each driver's "missing table" / "permission denied" message does). */
    static boolean concernsOutboxTable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(OutboxEntity.TABLE)) {
                return true;
            }
        }
        return false;
    }

    /** SQLState and the first line of the database's message (no values of the row). */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getMessage() != null) {
                String line = sql.getMessage().lines().findFirst().orElse("");
                return (sql.getSQLState() == null ? "" : "SQLState " + sql.getSQLState() + ": ")
                        + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
            }
        }
        return e.getClass().getName();
    }
}
