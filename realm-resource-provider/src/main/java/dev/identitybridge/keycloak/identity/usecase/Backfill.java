package dev.identitybridge.keycloak.identity.usecase;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.identitybridge.keycloak.identity.api.BackfillCursor;
import dev.identitybridge.keycloak.identity.api.BackfillRequest;
import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import dev.identitybridge.keycloak.users.api.AppDatabaseUnavailableException;
import dev.identitybridge.keycloak.users.api.AppUser;
import dev.identitybridge.keycloak.users.api.AppUserLinkedEvent;
import dev.identitybridge.keycloak.users.api.AppUserStore;
import dev.identitybridge.keycloak.users.api.BackfillAuditRow;
import dev.identitybridge.keycloak.users.api.LinkOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;

/**
 * {@code POST /backfill}: one batch of app users with an empty auth id, in id order across the realm's linkable tables
 * (highest priority first), each decided by {@link BackfillRules}, linked with a guarded update (unless a dry run) and
 * audited. Each link and its audit row are one local transaction (no link without its audit row); the other decisions
 * of the batch are audited together at the end. A failure midway answers what was already written. Resumable with the
 * returned cursor; idempotent, since linked rows are never seen again. Each link publishes {@link AppUserLinkedEvent}.
 */
public final class Backfill {

    public record Counts(
            long linked, @JsonProperty("no_identity") long noIdentity, long conflict, long failed) {}

    public record Item(String userId, BackfillDecision.Outcome outcome, String authId, String detail) {}

    public record Result(
            boolean dryRun, String runId, int processed, Counts counts, String nextCursor, List<Item> decisions) {}

    /** One decision, audited in {@code identity_backfill_audit}. */
    private record Entry(String appUserId, BackfillDecision decision) {

        BackfillAuditRow auditRow(String runId, Instant now) {
            return new BackfillAuditRow(
                    runId, appUserId, decision.outcome().code(), decision.authId(), decision.detail(), now);
        }
    }

    private static final Logger LOG = Logger.getLogger(Backfill.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AppUsers appUsers;
    private final Clock clock;
    private final String clientId;

    /** @param clientId the client whose token asked (recorded with each link) */
    public Backfill(KeycloakSession session, RealmModel realm, AppUsers appUsers, Clock clock, String clientId) {
        this.session = session;
        this.realm = realm;
        this.appUsers = appUsers;
        this.clock = clock;
        this.clientId = clientId;
    }

    public Result run(BackfillRequest request, int batchSize) {
        int limit = request.effectiveLimit(batchSize);
        BackfillCursor requested = request.cursor();
        List<AppUserStore> tables =
                appUsers.stores().stream().filter(AppUserStore::acceptsLinks).toList();
        if (tables.isEmpty()) {
            throw new IdentityError(
                    ErrorCode.PROVISIONING_DISABLED,
                    "No app users table of this realm can be linked (edit mode WRITABLE with an auth id column).");
        }
        BackfillCursor cursor =
                requested == null ? BackfillCursor.start(tables.get(0).componentId()) : requested;
        int index = indexOf(tables, cursor.componentId());
        AppUserStore store = tables.get(index);

        List<AppUser> rows = store.findUnlinked(cursor.afterId(), limit);
        boolean dryRun = request.isDryRun();
        String runId = dryRun ? null : UUID.randomUUID().toString();
        if (!dryRun) {
            store.prepareBackfillAudit();
        }
        Instant now = clock.instant();
        List<Entry> entries = new ArrayList<>();
        List<BackfillAuditRow> notYetAudited = new ArrayList<>();
        for (AppUser row : rows) {
            Entry entry;
            try {
                BackfillDecision decision = BackfillRules.decide(facts(store, row), this::linkedAppUser);
                entry = new Entry(row.id(), decision);
                if (!dryRun && decision.outcome() == BackfillDecision.Outcome.LINKED) {
                    entry = new Entry(row.id(), link(store, row, entry.auditRow(runId, now)));
                }
            } catch (RuntimeException e) {
                throw stopped(e, runId, entries, rows.size());
            }
            entries.add(entry);
            if (entry.decision().outcome() != BackfillDecision.Outcome.LINKED) {
                notYetAudited.add(entry.auditRow(runId, now));
            }
        }
        if (!dryRun) {
            try {
                store.recordBackfill(notYetAudited);
            } catch (RuntimeException e) {
                logAuditFailure(runId, e);
                throw new IdentityError(
                        ErrorCode.APP_DATABASE_UNAVAILABLE,
                        "The backfill linked " + linkedCount(entries)
                                + " app users, each with its audit row (run " + runId + "), but the audit rows of the "
                                + notYetAudited.size()
                                + " other decisions could not be written. Run backfill again: linked users are not seen again.");
            }
        }
        String next = rows.size() == limit
                ? new BackfillCursor(
                                store.componentId(), rows.get(rows.size() - 1).id())
                        .encode()
                : index + 1 < tables.size()
                        ? BackfillCursor.start(tables.get(index + 1).componentId())
                                .encode()
                        : null;
        return new Result(
                dryRun,
                runId,
                rows.size(),
                count(entries),
                next,
                entries.stream()
                        .map(e -> new Item(
                                e.appUserId(),
                                e.decision().outcome(),
                                e.decision().authId(),
                                e.decision().detail()))
                        .toList());
    }

    private static int indexOf(List<AppUserStore> tables, String componentId) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).componentId().equals(componentId)) {
                return i;
            }
        }
        throw new IdentityError(ErrorCode.INVALID_REQUEST, "'after' names a component that is no longer linkable.");
    }

    private BackfillRules.Facts facts(AppUserStore store, AppUser row) {
        String federatedId = store.keycloakId(row.id());
        boolean federatedUserExists = session.users().getUserById(realm, federatedId) != null;
        Boolean appEmailVerified = row.emailVerified();
        boolean appVerifiesEmails = store.appVerifiesEmails();
        if (row.email() == null || row.email().isBlank()) {
            return new BackfillRules.Facts(
                    federatedId,
                    federatedUserExists,
                    BackfillRules.EmailOwner.NONE,
                    null,
                    appEmailVerified,
                    appVerifiesEmails);
        }
        UserModel owner;
        try {
            owner = session.users().getUserByEmail(realm, row.email());
        } catch (ModelDuplicateException e) {
            return new BackfillRules.Facts(
                    federatedId,
                    federatedUserExists,
                    BackfillRules.EmailOwner.SEVERAL,
                    null,
                    appEmailVerified,
                    appVerifiesEmails);
        }
        BackfillRules.EmailOwner kind;
        if (owner == null) {
            kind = BackfillRules.EmailOwner.NONE;
        } else if (owner.getId().equals(federatedId)) {
            kind = BackfillRules.EmailOwner.THIS_ROW;
        } else if (owner.getFederationLink() == null && StorageId.isLocalStorage(owner.getId())) {
            kind = owner.isEmailVerified()
                    ? BackfillRules.EmailOwner.LOCAL_VERIFIED
                    : BackfillRules.EmailOwner.LOCAL_UNVERIFIED;
        } else {
            kind = BackfillRules.EmailOwner.OTHER_PROVIDER;
        }
        return new BackfillRules.Facts(
                federatedId,
                federatedUserExists,
                kind,
                owner == null ? null : owner.getId(),
                appEmailVerified,
                appVerifiesEmails);
    }

    private Optional<String> linkedAppUser(String authId) {
        return appUsers.byStoredAuthId(authId).map(found -> found.user().id());
    }

    /** Links the row and writes its audit row in one local transaction; publishes the link. */
    private BackfillDecision link(AppUserStore store, AppUser row, BackfillAuditRow audit) {
        String authId = audit.authId();
        try {
            LinkOutcome outcome = store.linkAudited(row, authId, audit);
            if (outcome == LinkOutcome.SUBJECT_TAKEN) {
                return BackfillDecision.conflict(
                        authId,
                        "link_conflict: the app database refused the link, another app user holds this subject (unique auth id)");
            }
            if (outcome != LinkOutcome.LINKED) {
                return BackfillDecision.failed(authId, "the app user was linked or removed meanwhile");
            }
        } catch (AppDatabaseUnavailableException e) {
            throw e;
        } catch (ModelException e) {
            LOG.warnf(
                    e,
                    "Backfill run %s: the app database refused the link of app user %s or its audit row",
                    audit.runId(),
                    row.id());
            return BackfillDecision.failed(
                    authId, "the app database refused the link or its audit row: " + e.getMessage());
        }
        new AppUserLinkedEvent(session, realm, authId, row.id(), store.componentId(), clientId, "backfill").publish();
        return BackfillDecision.linked(authId, audit.detail());
    }

    /** The SQL cause of a failed audit is kept in the log: an outage briefly (the store's guard says more), others in full. */
    private static void logAuditFailure(String runId, RuntimeException e) {
        if (e instanceof AppDatabaseUnavailableException) {
            LOG.infof(
                    "Backfill run %s: the audit rows could not be written, the app database is unreachable: %s",
                    runId, e.getMessage());
        } else {
            LOG.warnf(e, "Backfill run %s: the audit rows could not be written", runId);
        }
    }

    /** A batch that cannot go on: says what was written before. */
    private static IdentityError stopped(RuntimeException cause, String runId, List<Entry> done, int batch) {
        String written = runId == null
                ? "Nothing was written (dry run)."
                : linkedCount(done) + " app users were linked before, each with its audit row (run " + runId + "); the "
                        + (done.size() - linkedCount(done))
                        + " other decisions made so far were not audited, and nothing else was written.";
        String what = "The backfill stopped after " + done.size() + " of " + batch + " app users of this batch. "
                + written + " Run backfill again: linked users are not seen again.";
        if (cause instanceof AppDatabaseUnavailableException
                || cause instanceof IdentityError e && e.code() == ErrorCode.APP_DATABASE_UNAVAILABLE) {
            return new IdentityError(
                    ErrorCode.APP_DATABASE_UNAVAILABLE, "The app database became unreachable. " + what);
        }
        LOG.warnf(cause, "Backfill run %s stopped", runId);
        return new IdentityError(ErrorCode.SERVER_ERROR, "The backfill failed; see the server log. " + what);
    }

    private static long linkedCount(List<Entry> entries) {
        return entries.stream()
                .filter(e -> e.decision().outcome() == BackfillDecision.Outcome.LINKED)
                .count();
    }

    private static Counts count(List<Entry> entries) {
        long[] counts = new long[BackfillDecision.Outcome.values().length];
        entries.forEach(e -> counts[e.decision().outcome().ordinal()]++);
        return new Counts(counts[0], counts[1], counts[2], counts[3]);
    }
}
