package dev.identitybridge.keycloak.events;

import java.time.Duration;

/**
 * Whether the retention cleanup is due, from the time of the last run stored in Keycloak's database (shared by the
 * cluster). Every node's timer fires once per interval; only the first firing of each interval across the cluster
 * finds the cleanup due. A tenth of the interval is forgiven, so that timer jitter on the node that ran last does
 * not make it skip its own next turn.
 *
 * @param interval the cleanup interval
 */
record CleanupTurn(Duration interval) {

    /** The stored value before any run: the cleanup is due. */
    static final String NEVER = "0";

    /** @param lastRun the stored epoch milliseconds of the last run ({@link #NEVER} or unreadable: due) */
    boolean due(String lastRun, long nowMillis) {
        long last;
        try {
            last = Long.parseLong(lastRun.trim());
        } catch (RuntimeException unreadable) {
            return true;
        }
        long slack = interval.toMillis() / 10;
        return nowMillis - last >= interval.toMillis() - slack
                || last > nowMillis + interval.toMillis(); // a clock far ahead
    }
}
