package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.WriteSettings;
import dev.identitybridge.keycloak.users.jdbc.AppWriteTransaction;
import dev.identitybridge.keycloak.users.jdbc.ExternalUserRepository;
import dev.identitybridge.keycloak.users.jdbc.SqlStatement;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The app-table writes of one request (one provider instance), collected while Keycloak changes users and written
 * in one local transaction when Keycloak commits. It is enlisted as a <em>prepare</em> transaction: it commits
 * before Keycloak's own database, and if it fails (a duplicate username or email, the database is down) the
 * whole request rolls back, so neither side keeps half of a change. Rows whose id the database generates are
 * inserted at once on the same local transaction, which then stays open until Keycloak commits or rolls back.
 */
final class AppTableTransaction extends AbstractKeycloakTransaction {

    private final KeycloakSession session;
    private final ExternalUserRepository repository;
    private final WriteSettings settings;
    private final Function<String, String> keycloakId;
    private final Clock clock;
    private final Map<String, UserRow> touched = new LinkedHashMap<>();
    private final List<String> generated = new ArrayList<>();
    private AppWriteTransaction early;
    private boolean enlisted;

    AppTableTransaction(KeycloakSession session, ExternalUserRepository repository, WriteSettings settings,
                        Function<String, String> keycloakId, Clock clock) {
        this.session = session;
        this.repository = repository;
        this.settings = settings;
        this.keycloakId = keycloakId;
        this.clock = clock;
    }

    /** Records a change (creation, update, password, removal) of {@code row}, to be written at commit. */
    void touch(UserRow row) {
        touched.put(row.id(), row);
        if (!enlisted) {
            enlisted = true;
            session.getTransactionManager().enlistPrepare(this);
        }
    }

    /** Inserts the first part of a new row now and returns the id the database generated for it. */
    String insertWithGeneratedId(String username) {
        if (early == null) {
            early = repository.begin();
        }
        String id = early.insertReturningKey(statements().insertForGeneratedId(username, clock.instant()),
                repository.mapping().id());
        generated.add(id);
        return id;
    }

    @Override
    protected void commitImpl() {
        Instant now = clock.instant();
        RowStatements statements = statements();
        List<SqlStatement> batch = new ArrayList<>();
        for (UserRow row : touched.values()) {
            if (row.removed()) {
                if (!row.isNew() || generated.contains(row.id())) {
                    batch.add(statements.remove(row, settings.onDelete(), now));
                }
            } else if (generated.contains(row.id())) {
                statements.completeGenerated(row, now).ifPresent(batch::add);
            } else if (row.isNew()) {
                batch.add(statements.insert(row, now));
            } else {
                statements.update(row, now).ifPresent(batch::add);
            }
        }
        if (batch.isEmpty() && early == null) {
            return;
        }
        AppWriteTransaction tx = early != null ? early : repository.begin();
        early = null;
        try {
            tx.executeAll(batch);
            tx.commit();
        } finally {
            tx.close();
        }
    }

    @Override
    protected void rollbackImpl() {
        if (early != null) {
            early.close();
            early = null;
        }
    }

    private RowStatements statements() {
        return new RowStatements(repository.sql(), repository.shape(), repository.mapping(), keycloakId);
    }
}
