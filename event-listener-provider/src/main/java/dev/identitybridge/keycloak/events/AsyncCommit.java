package dev.identitybridge.keycloak.events;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.jboss.logging.Logger;

/**
 * Commits a transaction whose only writes are outbox rows the way Keycloak commits its own event rows.
 * <p>
 * Keycloak 26.7 on PostgreSQL ends a transaction with {@code SET LOCAL synchronous_commit TO OFF} (the commit does
 * not wait for the log flush) when every entity it wrote allows it, its event and session rows among them; its
 * {@code AsyncCommitIntegrator} decides that from Hibernate's entity events. The outbox row is a native statement (an
 * entity of ours could not allow it and still start on 26.4 and 26.5, see {@link OutboxTable}), so Keycloak does not
 * see it. That matters because a login's own transaction writes no entity at all (Keycloak writes the session rows
 * in transactions of its own): with the outbox row as its only write, the commit waited for the log flush, which made a
 * login with the outbox slower than one with Keycloak's event store (benchmark scenario 4).
 * <p>
 * So, where Keycloak commits asynchronously (its integrator is registered: 26.7 or later, PostgreSQL, not Aurora with
 * logical replication), the transaction of an outbox row gets a callback of its own that runs after Hibernate's last
 * flush, and sets asynchronous commit only when Keycloak has nothing to decide: no entity was written (Keycloak's
 * callback would otherwise decide, as for its event rows) and none requires a synchronous commit. A registration, a
 * profile update, an admin change still commit synchronously with their rows. Either way the row commits or rolls
 * back with its operation; only the window in which a database crash can lose the last transactions (both the
 * operation and its row, never one without the other) is the one Keycloak accepts for its events and sessions. A
 * log-based relay (Debezium) reads only flushed log, so it never sees a transaction the crash lost. Option
 * {@code synchronous-commit=true} keeps every such commit synchronous.
 */
final class AsyncCommit {

    private static final Logger LOG = Logger.getLogger(AsyncCommit.class);

    /** Keycloak's Hibernate listener that decides asynchronous commits (26.7 and later). */
    static final String KEYCLOAK_INTEGRATOR = "org.keycloak.connections.jpa.AsyncCommitIntegrator";
    /** Session property Keycloak's integrator sets when a written entity requires a synchronous commit. */
    static final String SYNC_REQUIRED = "kc.sync_commit_required";
    /** Session property Keycloak's integrator sets when it has registered its own callback for the commit. */
    static final String KEYCLOAK_CALLBACK = "kc.async_commit.registered";
    /** Session property of ours: the outbox's callback is registered for this session's transaction. */
    static final String OUTBOX_CALLBACK = "identity-bridge.outbox.async_commit.registered";

    static final String STATEMENT = "SET LOCAL synchronous_commit TO OFF";

    private final boolean wanted;
    private volatile Boolean keycloakCommitsAsynchronously;

    /** @param synchronousCommit option {@code synchronous-commit}: true turns this off */
    AsyncCommit(boolean synchronousCommit) {
        this.wanted = !synchronousCommit;
    }

    /**
     * After an outbox row's statements, in the prepare phase: let its transaction commit asynchronously where Keycloak
     * would (a no-op on servers and databases where Keycloak commits synchronously).
     */
    void allow(EntityManager em) {
        if (wanted && keycloakCommitsAsynchronously(em)) {
            AsyncCommitCallback.register(em);
        }
    }

    private boolean keycloakCommitsAsynchronously(EntityManager em) {
        Boolean known = keycloakCommitsAsynchronously;
        if (known == null) {
            known = integratorRegistered(em.getEntityManagerFactory());
            keycloakCommitsAsynchronously = known;
            LOG.debugf(
                    "Keycloak's asynchronous commits %s: outbox-only transactions commit %s",
                    known
                            ? "are on"
                            : "are off (Keycloak before 26.7, not PostgreSQL, or Aurora with logical replication)",
                    known ? "asynchronously" : "synchronously");
        }
        return known;
    }

    /** Whether Keycloak registered its asynchronous-commit listener with this database's Hibernate. */
    static boolean integratorRegistered(EntityManagerFactory factory) {
        if (factory == null) {
            return false;
        }
        try {
            for (Object listener : factory.unwrap(SessionFactoryImplementor.class)
                    .getEventEngine()
                    .getListenerRegistry()
                    .getEventListenerGroup(EventType.PRE_INSERT)
                    .listeners()) {
                if (listener.getClass().getName().equals(KEYCLOAK_INTEGRATOR)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException notHibernate) {
            LOG.debug(
                    "Cannot inspect Hibernate's listeners: outbox-only transactions commit synchronously",
                    notHibernate);
            return false;
        }
    }

    /**
     * The rule at the end of the transaction, after Hibernate's last flush, from the session's properties: true when no
     * entity of the transaction requires a synchronous commit and Keycloak registered no callback of its own (it
     * registers one as soon as any entity is written, and then decides itself).
     */
    static boolean setsAsynchronousCommit(Map<String, Object> sessionProperties) {
        return !Boolean.TRUE.equals(sessionProperties.get(SYNC_REQUIRED))
                && !Boolean.TRUE.equals(sessionProperties.get(KEYCLOAK_CALLBACK));
    }
}
