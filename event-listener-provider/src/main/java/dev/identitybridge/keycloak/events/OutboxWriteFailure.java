package dev.identitybridge.keycloak.events;

import jakarta.persistence.EntityManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;

/**
 * When the outbox table cannot be written (missing, INSERT revoked), the operation that sent the event fails: a
 * change never commits without its event, which consumers of the outbox rely on. The row's statements run in the
 * prepare phase of Keycloak's transaction ({@link OutboxTable}), so a failure there gives one clear ERROR line, the
 * event counted as failed, and a participant that refuses the commit. Keycloak swallows exceptions thrown by
 * listeners, and a transaction merely marked rollback-only rolls back silently while the client still gets its answer
 * (a token, say); a failing prepare participant makes the commit fail, so the client gets an error and nothing of the
 * operation is kept.
 */
final class OutboxWriteFailure {

    private static final Logger LOG = Logger.getLogger(OutboxWriteFailure.class);

    private OutboxWriteFailure() {}

    /**
     * One outbox row, written by its statements in the prepare phase of Keycloak's transaction (before the commit of
     * Keycloak's database, in the same transaction). When the table cannot be written, it logs one ERROR line, counts
     * the event as failed and rethrows: the commit fails, the client gets an error, nothing of the operation is kept.
     * Keycloak swallows exceptions thrown by listeners in {@code onEvent}, and a transaction Hibernate merely marks
     * rollback-only rolls back silently while the client still gets its answer (a token, say): hence the prepare phase.
     */
    static final class PreparedRow extends AbstractKeycloakTransaction {
        private final EntityManager em;
        private final OutboxRow row;
        private final boolean deleteAfterInsert;
        private final OutboxType type;
        private final OutboxMetrics metrics;
        private final BooleanSupplier superseded;
        private final OutboxTable table;

        /**
         * @param superseded whether, by the time of the prepare phase, another row of the transaction replaces this one
         * @param table      writes the row's statements
         */
        PreparedRow(
                EntityManager em,
                OutboxRow row,
                boolean deleteAfterInsert,
                OutboxType type,
                OutboxMetrics metrics,
                BooleanSupplier superseded,
                OutboxTable table) {
            this.em = em;
            this.row = row;
            this.deleteAfterInsert = deleteAfterInsert;
            this.type = type;
            this.metrics = metrics;
            this.superseded = superseded;
            this.table = table;
        }

        @Override
        protected void commitImpl() {
            if (superseded.getAsBoolean()) {
                return;
            }
            try {
                table.write(em, row, deleteAfterInsert);
            } catch (RuntimeException e) {
                if (concernsOutboxTable(e)) {
                    metrics.failed(type);
                    LOG.errorf(
                            "Outbox: 1 event(s) could not be written to table %s (%s); the operation that sent them is "
                                    + "rolled back, so that no change commits without its event (type %s). Check that the table exists "
                                    + "and that Keycloak's database user may INSERT into it, or remove the 'outbox' listener from the realm.",
                            OutboxEntity.TABLE, describe(e), type.typeName());
                }
                throw e;
            }
        }

        @Override
        protected void rollbackImpl() {
            // nothing of ours to undo: the row goes with Keycloak's transaction
        }
    }

    /** Whether the failure names the outbox table (each driver's "missing table" / "permission denied" message does). */
    static boolean concernsOutboxTable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains(OutboxEntity.TABLE)) {
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
