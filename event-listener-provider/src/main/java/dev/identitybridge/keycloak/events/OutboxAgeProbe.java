package dev.identitybridge.keycloak.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * The age of the oldest {@code identity_outbox} row (retention {@code keep}), for
 * {@code identity_bridge_outbox_oldest_row_age_seconds}: run by Keycloak's timer on every node, one
 * {@code min(timestamp)} on the indexed column per {@link #interval}; a scrape only subtracts. A relay that stopped
 * consuming does not show here (rows stay for the retention period either way): the age shows whether the cleanup keeps
 * up, i.e. stays below retention period + cleanup interval.
 */
final class OutboxAgeProbe implements ScheduledTask {

    static final String NAME = "identity-outbox-age";
    private static final Duration LONGEST_INTERVAL = Duration.ofSeconds(30);

    private final Clock clock;
    /** Epoch milliseconds of the oldest row; {@code Long.MAX_VALUE}: none (or not measured yet). */
    private volatile long oldest = Long.MAX_VALUE;

    OutboxAgeProbe(Clock clock) {
        this.clock = clock;
    }

    /** How often the probe queries: the cleanup interval, at most 30 s. */
    static Duration interval(Duration cleanupInterval) {
        return cleanupInterval.compareTo(LONGEST_INTERVAL) < 0 ? cleanupInterval : LONGEST_INTERVAL;
    }

    @Override
    public void run(KeycloakSession session) {
        Instant min = session.getProvider(JpaConnectionProvider.class)
                .getEntityManager()
                .createQuery("select min(e.timestamp) from IdentityOutboxEntity e", Instant.class)
                .getSingleResult();
        record(min);
    }

    void record(Instant oldestRow) {
        oldest = oldestRow == null ? Long.MAX_VALUE : oldestRow.toEpochMilli();
    }

    /** Seconds since the oldest row was written; 0 for an empty table. */
    double ageSeconds() {
        long measured = oldest;
        return measured == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - measured) / 1000.0;
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
