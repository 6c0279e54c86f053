package dev.identitybridge.keycloak.users;

import java.time.Duration;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * Run on every cluster node (not cluster-aware: each node sweeps its own pools) by Keycloak's timer, in a session
 * and transaction of its own: closes the pools of components removed through another node and rebuilds those whose
 * configuration changed there. See {@link ComponentRuntimes#sweep}.
 */
final class PoolSweepTask implements ScheduledTask {

    /** How long a pool may outlive its component on a node that did not serve the removal. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    static final String NAME = "identity-bridge-pool-sweep";

    private final ComponentRuntimes runtimes;

    PoolSweepTask(ComponentRuntimes runtimes) {
        this.runtimes = runtimes;
    }

    @Override
    public void run(KeycloakSession session) {
        runtimes.sweep(session);
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
