package dev.identitybridge.it.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.outbox.OutboxRows.Row;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link OutboxSuite} with Keycloak's own database on each leg that {@code -Dit.databases} asks for. */
class OutboxIT {

    @Nested
    @Tag("h2")
    class H2 extends OutboxSuite {}

    /** Also the relay in retention mode {@code keep} (it reads PostgreSQL's write-ahead log). */
    @Nested
    @Tag("postgres")
    class Postgres extends OutboxSuite {

        /**
         * A login's own transaction writes no entity of Keycloak's (the session rows are written in transactions of
         * their own), only its outbox row: on Keycloak 26.7 it commits without waiting for the log flush, as Keycloak
         * commits its event rows. Had every login waited, the WAL would have been flushed at least once per login.
         */
        @Test
        void loginsCommitWithTheirRowsWithoutWaitingForTheLogFlush() throws Exception {
            client.createCheapLoginRealm(WAL_REALM);
            String userId = client.createUser(WAL_REALM, "async-commit");
            long before = WalSyncs.count(db);
            for (int i = 0; i < TIMED_LOGINS; i++) {
                assertThat(client.passwordGrant(WAL_REALM, "async-commit", PASSWORD)
                                .statusCode())
                        .isEqualTo(200);
            }
            long flushes = WalSyncs.count(db) - before;
            System.out.printf(
                    "[postgres] %d WAL flushes during %d logins with their outbox rows%n", flushes, TIMED_LOGINS);

            assertThat(rows.ofAggregate(userId))
                    .filteredOn(r -> r.type().equals("identity.login.succeeded.v1"))
                    .hasSize(TIMED_LOGINS);
            assertThat(flushes).as("WAL flushes during %d logins", TIMED_LOGINS).isLessThan(TIMED_LOGINS / 2);
        }

        @Test
        void debeziumRelaysKeptRowsWithKeyIdAndTypeHeaders() throws Exception {
            String userId = userIds.get("user7");
            try (DebeziumRelay relay = DebeziumRelay.forKeycloakDatabase("idb_outbox_it_keep")) {
                assertThat(client.passwordGrant(REALM, "user7", PASSWORD).statusCode())
                        .isEqualTo(200);
                OutboxClient.assertInvalidGrant(client.passwordGrant(REALM, "user7", "not-" + PASSWORD));
                List<DebeziumRelay.Message> messages =
                        relay.await(m -> userId.equals(m.key()), 2, Duration.ofSeconds(60));
                List<Row> stored = rows.ofAggregate(userId);

                assertThat(messages)
                        .extracting(DebeziumRelay.Message::eventType)
                        .containsExactly("identity.login.succeeded.v1", "identity.login.failed.v1");
                for (DebeziumRelay.Message message : messages) {
                    Row row = stored.stream()
                            .filter(r -> r.id().equals(message.id()))
                            .findFirst()
                            .orElseThrow();
                    assertRelayed(message, row.type(), row.payload());
                    // the change's time in the log: at or after the event, within the test's time
                    assertThat(message.timestamp())
                            .isBetween(row.timestamp().toEpochMilli(), System.currentTimeMillis());
                }
            }
        }
    }

    /**
     * Logins whose transactions wrote their outbox rows. Many, so that what they cause dominates the WAL flushes of
     * the rest of the server (the WAL writer up to five times a second while there is unflushed WAL, the cleanup task
     * every 2 s here): synchronous commits flush at least once per login, asynchronous ones leave it to the WAL writer
     * (32 flushes in all during 50 logins with Keycloak's default hashing and the waits around them, in one CI run).
     */
    static final int TIMED_LOGINS = 200;
    /** The realm of those logins ({@link OutboxClient#createCheapLoginRealm}). */
    static final String WAL_REALM = "outbox-wal";

    @Nested
    @Tag("mariadb")
    class MariaDb extends OutboxSuite {}
}
