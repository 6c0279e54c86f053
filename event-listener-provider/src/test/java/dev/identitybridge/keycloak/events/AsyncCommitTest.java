package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManager;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule of {@link AsyncCommit}; its effect on a real server is in OutboxIT (PostgreSQL leg). */
class AsyncCommitTest {

    @Test
    void aTransactionWithoutEntityWritesCommitsAsynchronously() {
        assertThat(AsyncCommit.setsAsynchronousCommit(Map.of())).isTrue();
        assertThat(AsyncCommit.setsAsynchronousCommit(Map.of(AsyncCommit.OUTBOX_CALLBACK, true)))
                .isTrue();
    }

    @Test
    void keycloakDecidesOnceItHasSeenAnEntityWritten() {
        assertThat(AsyncCommit.setsAsynchronousCommit(Map.of(AsyncCommit.KEYCLOAK_CALLBACK, true)))
                .isFalse();
    }

    @Test
    void anEntityThatRequiresASynchronousCommitKeepsIt() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(AsyncCommit.SYNC_REQUIRED, true);
        assertThat(AsyncCommit.setsAsynchronousCommit(properties)).isFalse();
        properties.put(AsyncCommit.KEYCLOAK_CALLBACK, true);
        assertThat(AsyncCommit.setsAsynchronousCommit(properties)).isFalse();
    }

    @Test
    void theNamesAreKeycloaks() {
        // the session properties and listener class of Keycloak 26.7's AsyncCommitIntegrator
        assertThat(AsyncCommit.SYNC_REQUIRED).isEqualTo("kc.sync_commit_required");
        assertThat(AsyncCommit.KEYCLOAK_CALLBACK).isEqualTo("kc.async_commit.registered");
        assertThat(AsyncCommit.KEYCLOAK_INTEGRATOR).isEqualTo("org.keycloak.connections.jpa.AsyncCommitIntegrator");
        assertThat(AsyncCommit.STATEMENT).isEqualTo("SET LOCAL synchronous_commit TO OFF");
    }

    @Test
    void withSynchronousCommitOrWithoutKeycloaksIntegratorNothingIsRegistered() {
        int[] calls = new int[1];
        EntityManager em = (EntityManager) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
                    calls[0]++;
                    return null; // no EntityManagerFactory: not Keycloak's Hibernate
                });
        new AsyncCommit(true).allow(em);
        assertThat(calls[0]).as("synchronous-commit=true does not look").isZero();

        AsyncCommit asyncCommit = new AsyncCommit(false);
        asyncCommit.allow(em);
        asyncCommit.allow(em);
        assertThat(calls[0])
                .as("looked for the integrator once, found none, registered nothing")
                .isEqualTo(1);
        assertThat(AsyncCommit.integratorRegistered(null)).isFalse();
    }
}
