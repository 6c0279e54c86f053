package dev.identitybridge.keycloak.events;

import jakarta.persistence.EntityManager;
import java.sql.Statement;
import org.hibernate.Session;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;

/**
 * The before-completion callback of {@link AsyncCommit}, through Hibernate 7.2's completion callbacks (the API
 * Keycloak 26.7's own integrator uses). Loaded only where that integrator is registered: Keycloak 26.4 and 26.5 run
 * Hibernate 7.1, which does not have this API ({@code BundleLinkageIT} checks these references on 26.7 only).
 */
final class AsyncCommitCallback {

    private AsyncCommitCallback() {}

    /** Once per session (a Keycloak session has one transaction), as Keycloak registers its own. */
    static void register(EntityManager em) {
        Session session = em.unwrap(Session.class);
        if (Boolean.TRUE.equals(session.getProperties().get(AsyncCommit.OUTBOX_CALLBACK))) {
            return;
        }
        session.setProperty(AsyncCommit.OUTBOX_CALLBACK, Boolean.TRUE);
        em.unwrap(SharedSessionContractImplementor.class)
                .getTransactionCompletionCallbacks()
                .registerCallback((TransactionCompletionCallbacks.BeforeCompletionCallback)
                        AsyncCommitCallback::beforeCompletion);
    }

    private static void beforeCompletion(SharedSessionContractImplementor session) {
        if (session instanceof Session properties && AsyncCommit.setsAsynchronousCommit(properties.getProperties())) {
            session.doWork(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(AsyncCommit.STATEMENT);
                }
            });
        }
    }
}
