package dev.identitybridge.keycloak.identity.usecase;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Liquibase changelog and the audit insert, on an in-memory H2 database. */
class AuditSchemaTest {

    @Test
    void createsTheTableOnceAndRecordsDecisions() throws Exception {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:audit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        AuditSchema schema = new AuditSchema();
        schema.ensure(dataSource);
        schema.ensure(dataSource);
        AuditSchema.migrate(dataSource); // a second node, or a restart: nothing to do

        BackfillAudit.record(dataSource, "run-1", "c1", List.of(
                new BackfillAudit.Entry("u1", BackfillDecision.linked("f:c1:u1", "federated user")),
                new BackfillAudit.Entry("u2", BackfillDecision.conflict("local-2", "x".repeat(600)))), Instant.parse("2026-01-02T03:04:05Z"));

        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT app_user_id, outcome, auth_id, LENGTH(detail), run_id, component_id FROM identity_backfill_audit ORDER BY app_user_id")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(5), rs.getString(6)))
                    .containsExactly("u1", "linked", "f:c1:u1", "run-1", "c1");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("conflict");
            assertThat(rs.getInt(4)).isEqualTo(512);
            assertThat(rs.next()).isFalse();
        }
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM identity_bridge_changelog")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
