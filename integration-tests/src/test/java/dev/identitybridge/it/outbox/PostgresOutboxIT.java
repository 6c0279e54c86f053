package dev.identitybridge.it.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakDatabase;
import dev.identitybridge.it.outbox.OutboxRows.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox suite with Keycloak's own database on PostgreSQL, plus the relay in retention mode {@code keep}. */
@Tag("postgres")
class PostgresOutboxIT extends OutboxSuite {

    @Override
    protected KeycloakDatabase database() {
        return KeycloakDatabase.postgres();
    }

    @Test
    void debeziumRelaysKeptRowsWithKeyIdAndTypeHeaders() throws Exception {
        String userId = userIds.get("user7");
        try (DebeziumRelay relay = DebeziumRelay.forKeycloakDatabase("idb_outbox_it_keep")) {
            assertThat(client.passwordGrant(REALM, "user7", PASSWORD).statusCode()).isEqualTo(200);
            OutboxClient.assertInvalidGrant(client.passwordGrant(REALM, "user7", "not-" + PASSWORD));
            List<DebeziumRelay.Message> messages = relay.await(m -> userId.equals(m.key()), 2, Duration.ofSeconds(60));
            List<Row> stored = rows.ofAggregate(userId);

            assertThat(messages).extracting(DebeziumRelay.Message::eventType)
                    .containsExactly("identity.login.succeeded.v1", "identity.login.failed.v1");
            for (DebeziumRelay.Message message : messages) {
                Row row = stored.stream().filter(r -> r.id().equals(message.id())).findFirst().orElseThrow();
                assertRelayed(message, row.type(), row.payload());
                // the change's time in the log: at or after the event, within the test's time
                assertThat(message.timestamp()).isBetween(row.timestamp().toEpochMilli(), System.currentTimeMillis());
            }
        }
    }

    /** What a consumer of the relay gets: topic per aggregate type, key = Keycloak user id, id and type headers. */
    static void assertRelayed(DebeziumRelay.Message message, String type, JsonNode storedPayload) {
        JsonNode payload = Http.json(message.payload());
        assertThat(message.topic()).isEqualTo("outbox.event.identity.user");
        assertThat(message.key()).isEqualTo(payload.get("authId").asText());
        assertThat(message.id()).isEqualTo(payload.get("eventId").asText());
        assertThat(message.eventType()).isEqualTo(type).isEqualTo(payload.get("type").asText());
        assertThat(message.realmId()).isEqualTo(payload.get("realmId").asText());
        assertThat(PayloadSchema.violations(payload)).isEmpty();
        if (storedPayload != null) {
            assertThat(payload).isEqualTo(storedPayload);
        }
    }
}
