package dev.identitybridge.it.outbox;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The relay operators run, inside the test JVM: Debezium's embedded engine with the PostgreSQL connector
 * (pgoutput, a publication for identity_outbox only) and the outbox event router, configured with its defaults
 * plus the extra columns as headers. Drops its replication slot and publication when closed.
 */
final class DebeziumRelay implements AutoCloseable {

    /** One relayed message as a consumer sees it. */
    record Message(
            String topic, String key, String id, String eventType, String realmId, String payload, Long timestamp) {}

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String slot;
    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private DebeziumRelay(String jdbcUrl, String user, String password, String slot, Properties config) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.slot = slot;
        this.engine = DebeziumEngine.create(Connect.class)
                .using(config)
                .using((success, message, error) -> {
                    if (!success && error != null) {
                        failures.add(error);
                    }
                })
                .notifying(event -> messages.add(message(event.value())))
                .build();
    }

    /** Relays identity_outbox of Keycloak's test database on the PostgreSQL server of {@code it.postgres.url}. */
    static DebeziumRelay forKeycloakDatabase(String slot) {
        java.net.URI server =
                java.net.URI.create(System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test")
                        .substring(5));
        return start(
                server.getHost(),
                server.getPort() < 0 ? 5432 : server.getPort(),
                dev.identitybridge.it.harness.KeycloakDatabase.DATABASE,
                System.getProperty("it.postgres.user", "postgres"),
                System.getProperty("it.postgres.password", ""),
                slot);
    }

    /** Starts relaying inserts into {@code public.identity_outbox} of the database at {@code host:port/database}. */
    static DebeziumRelay start(String host, int port, String database, String user, String password, String slot) {
        Properties config = new Properties();
        config.setProperty("name", "identity-outbox-relay-" + slot);
        config.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        config.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        config.setProperty("offset.flush.interval.ms", "1000");
        config.setProperty("database.hostname", host);
        config.setProperty("database.port", Integer.toString(port));
        config.setProperty("database.user", user);
        if (!password.isEmpty()) {
            config.setProperty("database.password", password);
        }
        config.setProperty("database.dbname", database);
        config.setProperty("topic.prefix", "identity-bridge");
        config.setProperty("plugin.name", "pgoutput");
        config.setProperty("slot.name", slot);
        config.setProperty("publication.name", slot);
        config.setProperty("publication.autocreate.mode", "filtered");
        config.setProperty("table.include.list", "public.identity_outbox");
        config.setProperty("snapshot.mode", "no_data");
        config.setProperty("tombstones.on.delete", "false");
        config.setProperty("transforms", "outbox");
        config.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        // not table.field.event.timestamp: the router wants an int64 column there, and timestamp is a timestamptz
        // (a string to Debezium); the record timestamp stays the time of the change in the log
        config.setProperty(
                "transforms.outbox.table.fields.additional.placement",
                "type:header:eventType,realm_id:header:realmId,schema_version:header:schemaVersion");
        String jdbcUrl = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        DebeziumRelay relay = new DebeziumRelay(jdbcUrl, user, password, slot, config);
        relay.executor.execute(relay.engine);
        relay.awaitSlotActive(Duration.ofSeconds(90));
        return relay;
    }

    private static Message message(SourceRecord record) {
        return new Message(
                record.topic(),
                record.key() == null ? null : record.key().toString(),
                header(record, "id"),
                header(record, "eventType"),
                header(record, "realmId"),
                record.value() == null ? null : record.value().toString(),
                record.timestamp());
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null || header.value() == null ? null : header.value().toString();
    }

    /** Waits until the messages matching {@code filter} number at least {@code count}; returns all that match. */
    List<Message> await(Predicate<Message> filter, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!failures.isEmpty()) {
                throw new IllegalStateException("Debezium failed", failures.get(0));
            }
            if (matching(filter).size() >= count) {
                break;
            }
            Thread.sleep(200);
        }
        return matching(filter);
    }

    private List<Message> matching(Predicate<Message> filter) {
        return new ArrayList<>(messages.stream().filter(filter).toList());
    }

    private void awaitSlotActive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("Debezium failed to start", failures.get(0));
                }
                try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                        PreparedStatement ps =
                                c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                    ps.setString(1, slot);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getBoolean(1)) {
                            return;
                        }
                    }
                }
                Thread.sleep(250);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("The replication slot " + slot + " did not become active within " + timeout);
    }

    @Override
    public void close() throws IOException, SQLException, InterruptedException {
        try {
            engine.close();
        } catch (IllegalStateException alreadyStopped) {
            // the engine stopped on an error, reported by await()
        }
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot
                    + "' AND NOT active");
            s.execute("DROP PUBLICATION IF EXISTS " + slot);
        }
    }
}
