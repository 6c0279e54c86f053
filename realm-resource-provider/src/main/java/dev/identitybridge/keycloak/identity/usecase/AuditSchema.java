package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import dev.identitybridge.keycloak.users.jdbc.Dialect;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Creates {@code identity_backfill_audit} in an app database when absent, with portable DDL equivalent to the
 * shipped Liquibase changelog ({@link #CHANGELOG}, for operators who create the table themselves).
 * <p>
 * Why not Liquibase inside the server: Keycloak's build-time Liquibase service locator registers only the database
 * implementation of Keycloak's <em>own</em> database, so for an app database of another vendor (Keycloak on H2 or
 * PostgreSQL, app on MariaDB…) Liquibase reports "Unknown database" and fails (seen in the integration tests).
 * <p>
 * Concurrent first calls (several nodes) are safe: a creator that loses the race finds the table and carries on.
 * Each pool is checked once per node.
 */
public final class AuditSchema {

    public static final String CHANGELOG = "META-INF/identity-bridge/db/backfill-audit-changelog.xml";
    public static final String TABLE = "identity_backfill_audit";
    private static final Logger LOG = Logger.getLogger(AuditSchema.class);

    private final Set<DataSource> ready = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public void ensure(DataSource dataSource, Dialect dialect) {
        if (ready.contains(dataSource)) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            if (!exists(c)) {
                create(c, dialect);
            }
            ready.add(dataSource);
        } catch (SQLException e) {
            throw new IdentityError(ErrorCode.APP_DATABASE_UNAVAILABLE, "The app database cannot be reached.");
        }
    }

    static String createTable(Dialect dialect) {
        String timestamp = dialect == Dialect.MARIADB || dialect == Dialect.MYSQL ? "DATETIME(3)" : "TIMESTAMP";
        return "CREATE TABLE " + TABLE + " (id VARCHAR(36) NOT NULL, run_id VARCHAR(36) NOT NULL, component_id VARCHAR(64) NOT NULL, "
                + "app_user_id VARCHAR(255) NOT NULL, outcome VARCHAR(16) NOT NULL, auth_id VARCHAR(255), detail VARCHAR(512), "
                + "created_at " + timestamp + " NOT NULL, CONSTRAINT pk_identity_backfill_audit PRIMARY KEY (id))";
    }

    static final String CREATE_INDEX = "CREATE INDEX ix_identity_backfill_audit_user ON " + TABLE + " (app_user_id)";

    private static boolean exists(Connection c) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + TABLE + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException absent) {
            return false;
        }
    }

    private static void create(Connection c, Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(createTable(dialect));
            s.execute(CREATE_INDEX);
            LOG.infof("Created %s in the app database", TABLE);
        } catch (SQLException e) {
            if (!exists(c)) { // not a lost race: a real failure (e.g. no CREATE privilege)
                throw new IllegalStateException("Cannot create " + TABLE + " in the app database (SQLState " + e.getSQLState() + ")", e);
            }
        }
    }
}
