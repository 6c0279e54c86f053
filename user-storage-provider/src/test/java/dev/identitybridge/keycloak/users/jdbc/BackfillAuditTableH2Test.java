package dev.identitybridge.keycloak.users.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.api.BackfillAuditRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The audit table (created in the server, or by the shipped changelog) and the audit insert, on in-memory H2. */
class BackfillAuditTableH2Test {

    private static JdbcDataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:audit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    @Test
    void createsTheTableOnceAndRecordsDecisions() throws Exception {
        JdbcDataSource dataSource = h2();
        table(dataSource).ensure();
        table(dataSource).ensure(); // another node, or a restart: the table is there
        recordsDecisions(dataSource);
    }

    @Test
    @SuppressWarnings("deprecation")
    void theShippedChangelogCreatesTheSameTable() throws Exception {
        JdbcDataSource dataSource = h2();
        try (Connection c = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            database.setDatabaseChangeLogTableName("identity_bridge_changelog");
            database.setDatabaseChangeLogLockTableName("identity_bridge_changelog_lock");
            new Liquibase(BackfillAuditTable.CHANGELOG, new ClassLoaderResourceAccessor(), database)
                    .update(new Contexts(), new LabelExpression());
        }
        table(dataSource).ensure(); // finds it and does not try to create it again
        recordsDecisions(dataSource);
    }

    @Test
    void mariaDbGetsADatetimeColumn() {
        assertThat(BackfillAuditTable.createTable(Dialect.MARIADB)).contains("created_at DATETIME(3) NOT NULL");
        assertThat(BackfillAuditTable.createTable(Dialect.POSTGRESQL)).contains("created_at TIMESTAMP NOT NULL");
    }

    private static BackfillAuditTable table(JdbcDataSource dataSource) {
        return new BackfillAuditTable(new GuardedConnections(dataSource, new AvailabilityGuard()), Dialect.H2);
    }

    private static void recordsDecisions(JdbcDataSource dataSource) throws Exception {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        table(dataSource)
                .record(
                        "c1",
                        List.of(
                                new BackfillAuditRow("run-1", "u1", "linked", "f:c1:u1", "federated user", now),
                                new BackfillAuditRow("run-1", "u2", "conflict", "local-2", "x".repeat(600), now)));

        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT app_user_id, outcome, auth_id, LENGTH(detail), run_id, component_id FROM identity_backfill_audit ORDER BY app_user_id")) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(5), rs.getString(6)))
                    .containsExactly("u1", "linked", "f:c1:u1", "run-1", "c1");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("conflict");
            assertThat(rs.getInt(4)).isEqualTo(512);
            assertThat(rs.next()).isFalse();
        }
    }
}
