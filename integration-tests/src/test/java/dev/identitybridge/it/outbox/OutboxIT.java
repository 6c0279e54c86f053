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

    @Nested
    @Tag("mariadb")
    class MariaDb extends OutboxSuite {}
}
