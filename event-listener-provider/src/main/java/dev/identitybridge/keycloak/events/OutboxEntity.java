package dev.identitybridge.keycloak.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code identity_outbox}. Column names are the defaults of Debezium's outbox event router
 * ({@code id}, {@code aggregatetype}, {@code aggregateid}, {@code type}, {@code payload}) plus {@code timestamp},
 * {@code realm_id} and {@code schema_version}. Rows are only ever inserted and deleted, never updated.
 * <p>
 * The mapping of the table for Keycloak's JPA (the changelog, the retention cleanup's query); rows are written by
 * {@link OutboxTable}, not persisted as entities. Implements no Keycloak-version-specific interface: the same class
 * must pass the Quarkus build of every supported server (26.4 to 26.7).
 */
@Entity(name = "IdentityOutboxEntity")
@Table(name = OutboxEntity.TABLE)
public class OutboxEntity {

    static final String TABLE = "identity_outbox";

    @Id
    @Column(name = "id", length = OutboxRow.ID_LENGTH, nullable = false, updatable = false)
    private String id;

    @Column(name = "aggregatetype", length = OutboxRow.NAME_LENGTH, nullable = false, updatable = false)
    private String aggregateType;

    @Column(name = "aggregateid", length = OutboxRow.NAME_LENGTH, nullable = false, updatable = false)
    private String aggregateId;

    @Column(name = "type", length = OutboxRow.NAME_LENGTH, nullable = false, updatable = false)
    private String type;

    /** JSON text (CLOB/TEXT/LONGTEXT): never a JPA {@code @Lob}, which would mean a large object on PostgreSQL. */
    @Column(name = "payload", nullable = false, updatable = false)
    private String payload;

    @Column(name = "timestamp", nullable = false, updatable = false)
    private Instant timestamp;

    @Column(name = "realm_id", length = OutboxRow.NAME_LENGTH, nullable = false, updatable = false)
    private String realmId;

    @Column(name = "schema_version", nullable = false, updatable = false)
    private int schemaVersion;

    protected OutboxEntity() {}
}
