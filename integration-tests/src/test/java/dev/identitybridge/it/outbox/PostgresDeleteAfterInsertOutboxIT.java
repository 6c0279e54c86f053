package dev.identitybridge.it.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakDatabase;
import dev.identitybridge.it.harness.KeycloakServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Retention {@code delete-after-insert} on PostgreSQL: each row is deleted in the transaction that inserted it,
 * so the table stays empty, and the relay still delivers every event from the write-ahead log. With
 * {@code synchronous-commit=true}, every login's transaction waits for the log flush.
 */
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresDeleteAfterInsertOutboxIT {

    private final KeycloakDatabase db = KeycloakDatabase.postgres();
    private KeycloakServer server;
    private KeycloakAdmin admin;
    private OutboxClient client;

    @BeforeAll
    void startKeycloak() throws Exception {
        db.recreate();
        List<String> options = new ArrayList<>(db.serverOptions());
        options.add("--spi-events-listener--outbox--retention=delete-after-insert");
        options.add("--spi-events-listener--outbox--synchronous-commit=true");
        server = KeycloakServer.start(
                KeycloakServer.distribution(db.kind()),
                Path.of(
                        System.getProperty("it.work.dir", "target/it-work"),
                        "outbox-" + getClass().getSimpleName()),
                options);
        admin = new KeycloakAdmin(server);
        client = new OutboxClient(server, admin);
        client.createOutboxRealm(OutboxSuite.REALM, false);
    }

    @AfterAll
    void stopKeycloak() {
        if (server != null) {
            server.close();
        }
    }

    /** The counterpart of {@code OutboxIT.Postgres}'s asynchronous commits, and proof that the WAL count can tell. */
    @Test
    void withSynchronousCommitEveryLoginWaitsForTheLogFlush() throws Exception {
        client.createCheapLoginRealm(OutboxIT.WAL_REALM);
        client.createUser(OutboxIT.WAL_REALM, "sync-commit");
        long before = WalSyncs.count(db);
        for (int i = 0; i < OutboxIT.TIMED_LOGINS; i++) {
            assertThat(client.passwordGrant(OutboxIT.WAL_REALM, "sync-commit", OutboxSuite.PASSWORD)
                            .statusCode())
                    .isEqualTo(200);
        }
        long flushes = WalSyncs.count(db) - before;
        System.out.printf(
                "[postgres] %d WAL flushes during %d logins, synchronous-commit=true%n",
                flushes, OutboxIT.TIMED_LOGINS);
        assertThat(flushes)
                .as("WAL flushes during %d logins", OutboxIT.TIMED_LOGINS)
                .isGreaterThanOrEqualTo(OutboxIT.TIMED_LOGINS);
    }

    @Test
    void rowsAreDeletedInTheirTransactionYetRelayed() throws Exception {
        String userId = client.createUser(OutboxSuite.REALM, "relayed");
        try (DebeziumRelay relay = DebeziumRelay.forKeycloakDatabase("idb_outbox_it_delete")) {
            assertThat(client.passwordGrant(
                                    OutboxSuite.REALM, "relayed", OutboxSuite.PASSWORD, "X-Correlation-ID", "relay-1")
                            .statusCode())
                    .isEqualTo(200);
            OutboxClient.assertInvalidGrant(client.passwordGrant(OutboxSuite.REALM, "relayed", "wrong"));
            String unknown = "nobody-" + UUID.randomUUID();
            OutboxClient.assertInvalidGrant(client.passwordGrant(OutboxSuite.REALM, unknown, "wrong"));

            List<DebeziumRelay.Message> mine = relay.await(m -> userId.equals(m.key()), 2, Duration.ofSeconds(60));
            assertThat(mine)
                    .extracting(DebeziumRelay.Message::eventType)
                    .containsExactly("identity.login.succeeded.v1", "identity.login.failed.v1");
            mine.forEach(m -> OutboxSuite.assertRelayed(m, m.eventType(), null));
            assertThat(Http.json(mine.get(0).payload()).get("correlationId").asText())
                    .isEqualTo("relay-1");
            String realmId = admin.realmId(OutboxSuite.REALM);
            assertThat(relay.await(m -> realmId.equals(m.key()), 1, Duration.ofSeconds(30)))
                    .extracting(DebeziumRelay.Message::eventType)
                    .containsExactly("identity.login.failed.v1");
            // a few seconds more: nothing else arrives for this user (each row is relayed once, deletes are not events)
            assertThat(relay.await(m -> userId.equals(m.key()), 3, Duration.ofSeconds(5)))
                    .hasSize(2);
        }
        assertThat(new OutboxRows(db).count())
                .as("rows left in identity_outbox")
                .isZero();
    }
}
