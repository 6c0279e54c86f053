package dev.identitybridge.keycloak.events;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.function.Function;
import org.hibernate.Session;
import org.keycloak.connections.jpa.util.JpaUtils;

/**
 * Writes {@code identity_outbox} rows with JDBC statements of its own on the connection of Keycloak's EntityManager,
 * in its transaction (bind parameters only; the table name carries Keycloak's database schema, resolved once).
 * <p>
 * Not {@code persist} of an entity: Keycloak 26.7 commits a PostgreSQL transaction without waiting for the WAL
 * flush when every entity it writes implements {@code AsynchronousCommitAllowed} (its event and session rows), and
 * synchronously as soon as one entity does not. That interface does not exist before 26.7, and an entity
 * implementing it stops the server of 26.4 and 26.5 from starting; {@link AsyncCommit} gives the row's transaction
 * Keycloak's rule instead. Not a Hibernate native query either: building one takes a lock shared by every session of
 * the server (seen at 8 concurrent logins); a prepared statement is cached by the JDBC driver per connection.
 */
final class OutboxTable {

    static final String COLUMNS =
            " (id, aggregatetype, aggregateid, type, payload, timestamp, realm_id, schema_version)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?)";

    /** Hibernate binds an {@code Instant} the same way (UTC), so the stored values are those of an entity write. */
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final Function<EntityManager, String> tableName;
    private final AsyncCommit asyncCommit;
    private volatile Statements statements;

    /** The statements of this server's outbox table. */
    record Statements(String insert, String delete) {
        static Statements of(String table) {
            return new Statements("insert into " + table + COLUMNS, "delete from " + table + " where id = ?");
        }
    }

    OutboxTable(AsyncCommit asyncCommit) {
        this(em -> JpaUtils.getTableNameForNativeQuery(OutboxEntity.TABLE, em), asyncCommit);
    }

    /** @param tableName the table's name as statements must write it (with Keycloak's schema, if it has one) */
    OutboxTable(Function<EntityManager, String> tableName, AsyncCommit asyncCommit) {
        this.tableName = tableName;
        this.asyncCommit = asyncCommit;
    }

    /**
     * The row's INSERT (and with {@code deleteAfterInsert} its DELETE, in this same transaction: the log a relay reads
     * holds the insert, and the table stays empty); then the transaction may commit as Keycloak commits its events.
     */
    void write(EntityManager em, OutboxRow row, boolean deleteAfterInsert) {
        Statements sql = statements(em);
        em.unwrap(Session.class).doWork(connection -> {
            insert(connection, sql.insert(), row);
            if (deleteAfterInsert) {
                delete(connection, sql.delete(), row.id());
            }
        });
        asyncCommit.allow(em);
    }

    private Statements statements(EntityManager em) {
        Statements known = statements;
        if (known == null) {
            known = Statements.of(tableName.apply(em));
            statements = known;
        }
        return known;
    }

    private static void insert(Connection connection, String sql, OutboxRow row) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, row.id());
            insert.setString(2, row.aggregateType());
            insert.setString(3, row.aggregateId());
            insert.setString(4, row.type());
            insert.setString(5, row.payload());
            insert.setTimestamp(6, Timestamp.from(row.timestamp()), Calendar.getInstance(UTC));
            insert.setString(7, row.realmId());
            insert.setInt(8, row.schemaVersion());
            insert.executeUpdate();
        }
    }

    private static void delete(Connection connection, String sql, String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }
}
