package dev.identitybridge.keycloak.events;

import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;

import java.sql.SQLException;
import java.util.Locale;

/**
 * When the outbox table cannot be written (missing, INSERT revoked), the operation that sent the event fails: a
 * change never commits without its event, which consumers of the outbox rely on. The row's statement runs at once
 * ({@link OutboxTable}), so the failure is seen in {@code onEvent}: one clear ERROR line, the event counted as failed,
 * and a participant enlisted in the prepare phase that refuses the commit. Keycloak swallows exceptions thrown by
 * listeners, and a transaction merely marked rollback-only rolls back silently while the client still gets its answer
 * (a token, say); a failing prepare participant makes the commit fail, so the client gets an error and nothing of the
 * operation is kept.
 */
final class OutboxWriteFailure {

    private static final Logger LOG = Logger.getLogger(OutboxWriteFailure.class);

    private OutboxWriteFailure() {
    }

    /** Rolls the operation back when {@code e} is about the outbox table; returns whether it did. */
    static boolean rollBackIfTableUnwritable(RuntimeException e, OutboxType type, KeycloakTransactionManager transaction) {
        if (!concernsOutboxTable(e)) {
            return false;
        }
        LOG.errorf("Outbox: 1 event(s) could not be written to table %s (%s); the operation that sent it (%s) is rolled "
                        + "back, so that no change commits without its event. Check that the table exists and that Keycloak's "
                        + "database user may INSERT into it, or remove the 'outbox' listener from the realm.",
                OutboxEntity.TABLE, describe(e), type.typeName());
        transaction.enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                throw new IllegalStateException("The outbox table " + OutboxEntity.TABLE + " cannot be written: the operation is "
                        + "rolled back (see the ERROR line above)");
            }

            @Override
            protected void rollbackImpl() {
                // nothing of ours to undo: the rows go with Keycloak's transaction
            }
        });
        return true;
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
