package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Creates {@code identity_backfill_audit} in an app database when absent, with the Liquibase that Keycloak ships.
 * Liquibase's history goes to tables of our own ({@code identity_bridge_changelog}, {@code …_lock}), so an app that
 * runs Liquibase itself is not disturbed; its lock makes concurrent first calls on several nodes safe. Each pool is
 * migrated once per node.
 */
public final class AuditSchema {

    public static final String CHANGELOG = "META-INF/identity-bridge/db/backfill-audit-changelog.xml";
    private static final Logger LOG = Logger.getLogger(AuditSchema.class);

    private final Set<DataSource> migrated = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    public void ensure(DataSource dataSource) {
        if (migrated.contains(dataSource)) {
            return;
        }
        synchronized (this) {
            if (!migrated.contains(dataSource)) {
                migrate(dataSource);
                migrated.add(dataSource);
            }
        }
    }

    @SuppressWarnings("deprecation") // the Liquibase facade is the API Keycloak itself uses
    static void migrate(DataSource dataSource) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IdentityError(ErrorCode.APP_DATABASE_UNAVAILABLE, "The app database cannot be reached.");
        }
        try (connection) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setDatabaseChangeLogTableName("identity_bridge_changelog");
            database.setDatabaseChangeLogLockTableName("identity_bridge_changelog_lock");
            Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(AuditSchema.class.getClassLoader()), database);
            liquibase.update(new Contexts(), new LabelExpression());
            LOG.debugf("identity_backfill_audit is in place (%s)", database.getShortName());
        } catch (LiquibaseException | SQLException e) {
            throw new IllegalStateException("Cannot create identity_backfill_audit in the app database", e);
        }
    }
}
