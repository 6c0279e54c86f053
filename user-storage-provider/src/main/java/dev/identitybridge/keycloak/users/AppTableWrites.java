package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.WriteSettings;
import dev.identitybridge.keycloak.users.jdbc.AppUserRepository;
import dev.identitybridge.keycloak.users.jdbc.LocalTransaction;
import dev.identitybridge.keycloak.users.jdbc.SqlStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * The app-table writes of one request (one provider instance), collected while Keycloak changes users and written
 * in one local transaction when Keycloak commits. It is enlisted as a <em>prepare</em> transaction: it commits
 * before Keycloak's own database, and if it fails (a duplicate username or email, the database is down) the
 * whole request rolls back, so neither side keeps half of a change. Rows whose id the database generates are
 * inserted at once on the same local transaction, which then stays open until Keycloak commits or rolls back.
 */
final class AppTableWrites extends AbstractKeycloakTransaction {

    private final KeycloakSession session;
    private final AppUserRepository repository;
    private final WriteSettings settings;
    private final NewAppRows newRows;
    private final Clock clock;
    private final Map<String, AppRowInRequest> touched = new LinkedHashMap<>();
    private final List<String> generated = new ArrayList<>();
    /** Role and group join-table rows added or removed in this request, written after the users-table rows. */
    private final List<SqlStatement> joinRows = new ArrayList<>();

    private LocalTransaction early;
    private boolean enlisted;

    AppTableWrites(
            KeycloakSession session,
            AppUserRepository repository,
            WriteSettings settings,
            Function<String, String> keycloakId,
            Clock clock) {
        this.session = session;
        this.repository = repository;
        this.settings = settings;
        this.newRows = new NewAppRows(repository, settings.idGeneration(), keycloakId);
        this.clock = clock;
    }

    /** Records a change (creation, update, password, removal) of {@code row}, to be written at commit. */
    void touch(AppRowInRequest row) {
        touched.put(row.id(), row);
        enlist();
    }

    /** A role or group join-table row to insert or delete at commit, in the same local transaction. */
    void add(SqlStatement joinRow) {
        joinRows.add(joinRow);
        enlist();
    }

    private void enlist() {
        if (!enlisted) {
            enlisted = true;
            session.getTransactionManager().enlistPrepare(this);
        }
    }

    /** Checks now (not at commit) that an attribute column can hold {@code value}; see {@link AttributeColumnValues}. */
    void checkAttribute(String attribute, String value) {
        AttributeColumnValues.bindable(repository.mapping(), repository.shape(), attribute, value);
    }

    /**
     * A new app row ({@link NewAppRows}), written at commit; a row whose id the database generates is inserted at once
     * on the local transaction that then stays open until Keycloak commits.
     */
    AppRowInRequest create(String username) {
        AppRowInRequest row = newRows.create(username, clock.instant(), () -> {
            if (early == null) {
                early = repository.begin();
            }
            return early;
        });
        if (newRows.idFromDatabase()) {
            generated.add(row.id());
        }
        touch(row);
        return row;
    }

    @Override
    protected void commitImpl() {
        Instant now = clock.instant();
        RowStatements statements = newRows.statements();
        List<SqlStatement> batch = new ArrayList<>();
        for (AppRowInRequest row : touched.values()) {
            if (row.removed()) {
                if (!row.isNew() || generated.contains(row.id())) {
                    batch.add(statements.remove(row, settings.onDelete(), now));
                }
            } else if (row.isNew() || generated.contains(row.id())) {
                newRows.complete(row, now).ifPresent(batch::add);
            } else {
                statements.update(row, now).ifPresent(batch::add);
            }
        }
        batch.addAll(joinRows);
        if (batch.isEmpty() && early == null) {
            return;
        }
        LocalTransaction tx = early != null ? early : repository.begin();
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
}
