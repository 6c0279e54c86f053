package dev.identitybridge.keycloak.users.jdbc;

import dev.identitybridge.keycloak.users.api.BackfillAuditRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code identity_backfill_audit} in a component's app database: created when absent, with portable DDL equivalent
 * to the shipped Liquibase changelog ({@link #CHANGELOG}, for operators who create the table themselves), and
 * written through the component's {@link GuardedConnections} like every other statement.
 * <p>
 * Why not Liquibase inside the server: Keycloak's build-time Liquibase service locator registers only the database
 * implementation of Keycloak's <em>own</em> database, so for an app database of another vendor Liquibase reports
 * "Unknown database" and fails (seen in the integration tests).
 * <p>
 * Concurrent first calls (several nodes) are safe: a creator that loses the race finds the table and carries on.
 * Each table is checked once per node and component runtime.
 */
public final class BackfillAuditTable {

    public static final String CHANGELOG = "META-INF/identity-bridge/db/backfill-audit-changelog.xml";
    public static final String TABLE = "identity_backfill_audit";
    static final int MAX_DETAIL = 512;
    static final String INSERT = "INSERT INTO " + TABLE + " (id, run_id, component_id, app_user_id, outcome, auth_id, "
            + "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final String CREATE_INDEX = "CREATE INDEX ix_identity_backfill_audit_user ON " + TABLE + " (app_user_id)";
    private static final Logger LOG = Logger.getLogger(BackfillAuditTable.class);

    private final GuardedConnections connections;
    private final Dialect dialect;
    private volatile boolean ready;

    BackfillAuditTable(GuardedConnections connections, Dialect dialect) {
        this.connections = connections;
        this.dialect = dialect;
    }

    /** Creates the table when it is absent. */
    public void ensure() {
        if (ready) {
            return;
        }
        connections.withConnection("create " + TABLE, c -> {
            if (!exists(c)) {
                create(c);
            }
            return null;
        });
        ready = true;
    }

    /** The insert of one audit row, to run in the transaction of the link it records. */
    public SqlStatement insert(String componentId, BackfillAuditRow row) {
        return new SqlStatement(
                INSERT,
                Arrays.asList(
                        UUID.randomUUID().toString(),
                        row.runId(),
                        componentId,
                        row.appUserId(),
                        row.outcome(),
                        row.authId(),
                        truncate(row.detail()),
                        Timestamp.from(row.decidedAt())),
                1);
    }

    /** Writes {@code rows} together in one local transaction. */
    public void record(String componentId, List<BackfillAuditRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (LocalTransaction tx = connections.begin("write to " + TABLE)) {
            tx.executeAll(rows.stream().map(row -> insert(componentId, row)).toList());
            tx.commit();
        }
    }

    static String createTable(Dialect dialect) {
        return "CREATE TABLE " + TABLE
                + " (id VARCHAR(36) NOT NULL, run_id VARCHAR(36) NOT NULL, component_id VARCHAR(64) NOT NULL, "
                + "app_user_id VARCHAR(255) NOT NULL, outcome VARCHAR(16) NOT NULL, auth_id VARCHAR(255), detail VARCHAR("
                + MAX_DETAIL
                + "), created_at " + dialect.timestampType()
                + " NOT NULL, CONSTRAINT pk_identity_backfill_audit PRIMARY KEY (id))";
    }

    private static boolean exists(Connection c) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + TABLE + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException absent) {
            return false;
        }
    }

    /** A failure that is not a lost race (e.g. no CREATE privilege) is thrown, and classified by the caller. */
    private void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(createTable(dialect));
            s.execute(CREATE_INDEX);
            LOG.infof("Created %s in the app database", TABLE);
        } catch (SQLException e) {
            if (!exists(c)) {
                throw e;
            }
        }
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
    }
}
