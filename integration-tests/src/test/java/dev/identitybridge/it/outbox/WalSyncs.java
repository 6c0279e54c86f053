package dev.identitybridge.it.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.KeycloakDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * How often PostgreSQL flushed its write-ahead log to disk ({@code pg_stat_wal.wal_sync}): a synchronous commit
 * flushes once per transaction, asynchronous ones leave it to the WAL writer (a few times a second at most). Whether
 * a login's transaction waited for the flush shows in how much this moves over a run of logins.
 */
final class WalSyncs {

    /** Backends report their WAL statistics when idle, at most once a second. */
    private static final long REPORT_DELAY_MILLIS = 2_500;

    private WalSyncs() {}

    /** The cluster's count, once what happened before the call has been reported. */
    static long count(KeycloakDatabase db) throws Exception {
        Thread.sleep(REPORT_DELAY_MILLIS);
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT wal_sync FROM pg_stat_wal")) {
            assertThat(r.next()).isTrue();
            return r.getLong(1);
        }
    }
}
