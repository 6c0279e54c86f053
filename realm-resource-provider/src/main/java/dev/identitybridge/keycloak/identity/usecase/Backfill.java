package dev.identitybridge.keycloak.identity.usecase;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.identitybridge.keycloak.identity.api.BackfillCursor;
import dev.identitybridge.keycloak.identity.api.BackfillRequest;
import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import dev.identitybridge.keycloak.users.AppUserStore;
import dev.identitybridge.keycloak.users.ExternalUser;
import dev.identitybridge.keycloak.users.jdbc.ExternalStoreUnavailableException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /backfill}: one batch of app users with an empty auth id, in id order across the realm's linkable tables
 * (highest priority first), each decided by {@link BackfillRules}, linked with a guarded update (unless a dry run) and
 * audited. Resumable with the returned cursor; idempotent, since linked rows are never seen again.
 */
public final class Backfill {

    public record Counts(long linked, @JsonProperty("no_identity") long noIdentity, long conflict, long failed) {
    }

    public record Item(String userId, BackfillDecision.Outcome outcome, String authId, String detail) {
    }

    public record Result(boolean dryRun, String runId, int processed, Counts counts, String nextCursor, List<Item> decisions) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AppUsers appUsers;
    private final AuditSchema auditSchema;
    private final Clock clock;

    public Backfill(KeycloakSession session, RealmModel realm, AppUsers appUsers, AuditSchema auditSchema, Clock clock) {
        this.session = session;
        this.realm = realm;
        this.appUsers = appUsers;
        this.auditSchema = auditSchema;
        this.clock = clock;
    }

    public Result run(BackfillRequest request, int batchSize) {
        int limit = request.effectiveLimit(batchSize);
        BackfillCursor requested = request.cursor();
        List<AppUserStore> tables = appUsers.stores().stream().filter(AppUsers::acceptsLinks).toList();
        if (tables.isEmpty()) {
            throw new IdentityError(ErrorCode.PROVISIONING_DISABLED,
                    "No app users table of this realm can be linked (edit mode WRITABLE with an auth id column).");
        }
        BackfillCursor cursor = requested == null ? BackfillCursor.start(tables.get(0).componentId()) : requested;
        int index = indexOf(tables, cursor.componentId());
        AppUserStore store = tables.get(index);

        List<ExternalUser> rows = store.findUnlinked(cursor.afterId(), limit);
        boolean dryRun = request.isDryRun();
        String runId = dryRun ? null : UUID.randomUUID().toString();
        if (!dryRun) {
            auditSchema.ensure(store.dataSource(), store.dialect());
        }
        List<BackfillAudit.Entry> entries = new ArrayList<>();
        for (ExternalUser row : rows) {
            BackfillDecision decision = BackfillRules.decide(facts(store, row), this::linkedAppUser);
            if (!dryRun && decision.outcome() == BackfillDecision.Outcome.LINKED) {
                decision = link(store, row, decision);
            }
            entries.add(new BackfillAudit.Entry(row.id(), decision));
        }
        if (!dryRun) {
            BackfillAudit.record(store.dataSource(), runId, store.componentId(), entries, clock.instant());
        }
        String next = rows.size() == limit ? new BackfillCursor(store.componentId(), rows.get(rows.size() - 1).id()).encode()
                : index + 1 < tables.size() ? BackfillCursor.start(tables.get(index + 1).componentId()).encode() : null;
        return new Result(dryRun, runId, rows.size(), count(entries), next, entries.stream()
                .map(e -> new Item(e.appUserId(), e.decision().outcome(), e.decision().authId(), e.decision().detail())).toList());
    }

    private static int indexOf(List<AppUserStore> tables, String componentId) {
        for (int i = 0; i < tables.size(); i++) {
            if (tables.get(i).componentId().equals(componentId)) {
                return i;
            }
        }
        throw new IdentityError(ErrorCode.INVALID_REQUEST, "'after' names a component that is no longer linkable.");
    }

    private BackfillRules.Facts facts(AppUserStore store, ExternalUser row) {
        String federatedId = store.keycloakId(row.id());
        boolean federatedUserExists = session.users().getUserById(realm, federatedId) != null;
        if (row.email() == null || row.email().isBlank()) {
            return new BackfillRules.Facts(federatedId, federatedUserExists, BackfillRules.EmailOwner.NONE, null);
        }
        UserModel owner;
        try {
            owner = session.users().getUserByEmail(realm, row.email());
        } catch (ModelDuplicateException e) {
            return new BackfillRules.Facts(federatedId, federatedUserExists, BackfillRules.EmailOwner.SEVERAL, null);
        }
        BackfillRules.EmailOwner kind;
        if (owner == null) {
            kind = BackfillRules.EmailOwner.NONE;
        } else if (owner.getId().equals(federatedId)) {
            kind = BackfillRules.EmailOwner.THIS_ROW;
        } else if (owner.getFederationLink() == null && StorageId.isLocalStorage(owner.getId())) {
            kind = owner.isEmailVerified() ? BackfillRules.EmailOwner.LOCAL_VERIFIED : BackfillRules.EmailOwner.LOCAL_UNVERIFIED;
        } else {
            kind = BackfillRules.EmailOwner.OTHER_PROVIDER;
        }
        return new BackfillRules.Facts(federatedId, federatedUserExists, kind, owner == null ? null : owner.getId());
    }

    private Optional<String> linkedAppUser(String authId) {
        return appUsers.byStoredAuthId(authId).map(found -> found.user().id());
    }

    private static BackfillDecision link(AppUserStore store, ExternalUser row, BackfillDecision decision) {
        try {
            return store.linkAuthId(row.id(), decision.authId()) ? decision
                    : BackfillDecision.failed(decision.authId(), "the app user was linked or removed meanwhile");
        } catch (ModelDuplicateException e) {
            return BackfillDecision.conflict(decision.authId(), "the subject was linked to another app user meanwhile");
        } catch (ExternalStoreUnavailableException e) {
            throw e;
        } catch (ModelException e) {
            return BackfillDecision.failed(decision.authId(), "the app database refused the link: " + e.getMessage());
        }
    }

    private static Counts count(List<BackfillAudit.Entry> entries) {
        long[] counts = new long[BackfillDecision.Outcome.values().length];
        entries.forEach(e -> counts[e.decision().outcome().ordinal()]++);
        return new Counts(counts[0], counts[1], counts[2], counts[3]);
    }
}
