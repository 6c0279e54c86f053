package dev.identitybridge.keycloak.events;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * Writes {@code identity_outbox} rows with statements of its own through Keycloak's EntityManager, in the caller's
 * transaction (bind parameters only; {@code {h-schema}} is Keycloak's database schema).
 * <p>
 * Not {@code persist} of an entity: Keycloak 26.7 commits a PostgreSQL transaction without waiting for the WAL
 * flush when every entity it writes implements {@code AsynchronousCommitAllowed} (its event and session rows), and
 * synchronously as soon as one entity does not. That interface does not exist before 26.7, and an entity
 * implementing it stops the server of 26.4 and 26.5 from starting. A native statement is no entity write: on 26.7 a
 * login with the outbox commits as it would without it, a registration still synchronously (with its user); older
 * servers commit every transaction synchronously anyway.
 */
final class OutboxTable {

    static final String INSERT = "insert into {h-schema}identity_outbox"
            + " (id, aggregatetype, aggregateid, type, payload, timestamp, realm_id, schema_version)"
            + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    static final String DELETE = "delete from {h-schema}identity_outbox where id = ?1";
    /** Hibernate's query spaces: the statement touches this table only, so nothing else in the session is flushed for it. */
    static final String QUERY_SPACES_HINT = "org.hibernate.query.native.spaces";

    private static final String TABLE = "identity_outbox";

    private OutboxTable() {}

    static void insert(EntityManager em, OutboxRow row) {
        statement(em, INSERT)
                .setParameter(1, row.id())
                .setParameter(2, row.aggregateType())
                .setParameter(3, row.aggregateId())
                .setParameter(4, row.type())
                .setParameter(5, row.payload())
                .setParameter(6, row.timestamp())
                .setParameter(7, row.realmId())
                .setParameter(8, row.schemaVersion())
                .executeUpdate();
    }

    static void delete(EntityManager em, String id) {
        statement(em, DELETE).setParameter(1, id).executeUpdate();
    }

    private static Query statement(EntityManager em, String sql) {
        return em.createNativeQuery(sql).setHint(QUERY_SPACES_HINT, TABLE);
    }
}
