package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.api.LinkOutcome;
import dev.identitybridge.keycloak.users.jdbc.AppUserRepository;
import dev.identitybridge.keycloak.users.jdbc.SqlStatement;
import java.time.Clock;
import java.util.List;
import org.keycloak.models.ModelDuplicateException;

/**
 * The one auth id link policy (password login, bootstrap, resolve, backfill): see {@link LinkOutcome}. A row that
 * holds a subject keeps it; an empty column is written with a guarded update that only succeeds while it is still
 * empty, together with {@code withLink} (e.g. the audit row) in one local transaction; a subject another row holds
 * is refused by the table's unique index.
 */
final class AuthIdLinkPolicy {

    private final AppUserRepository repository;
    private final Clock clock;

    AuthIdLinkPolicy(AppUserRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    LinkOutcome link(String appId, String storedAuthId, String authId) {
        return link(appId, storedAuthId, authId, List.of());
    }

    /** @param storedAuthId the row's auth id as read */
    LinkOutcome link(String appId, String storedAuthId, String authId, List<SqlStatement> withLink) {
        return LinkOutcome.withoutWrite(storedAuthId, authId).orElseGet(() -> {
            try {
                return repository.linkAuthId(appId, authId, clock.instant(), withLink)
                        ? LinkOutcome.LINKED
                        : LinkOutcome.CHANGED_MEANWHILE;
            } catch (ModelDuplicateException e) {
                return LinkOutcome.SUBJECT_TAKEN;
            }
        });
    }
}
