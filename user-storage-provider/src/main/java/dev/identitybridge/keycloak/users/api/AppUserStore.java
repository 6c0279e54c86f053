package dev.identitybridge.keycloak.users.api;

import java.util.List;
import java.util.Optional;
import org.keycloak.models.ModelDuplicateException;

/**
 * The app users table of one {@value AppUserStores#PROVIDER_ID} component, for the other Identity Bridge modules
 * (the identity realm resource): lookups by id, email and auth id, auth id links, provisioning of app users for
 * existing Keycloak users and the backfill audit. Every call is one local transaction of the app database, complete
 * when it returns. While the app database is unreachable, calls throw {@link AppDatabaseUnavailableException};
 * other failures of the database throw {@link AppDatabaseException}.
 */
public interface AppUserStore {

    String componentId();

    /** Whether subjects can be linked to its rows and rows provisioned: edit mode WRITABLE and an auth id column. */
    boolean acceptsLinks();

    /** The realm admin's statement that the app verifies every email it stores (option {@code appVerifiesEmails}). */
    boolean appVerifiesEmails();

    /** The Keycloak id of an app user of this component: {@code f:<componentId>:<appId>}. */
    String keycloakId(String appId);

    /** The app id of a Keycloak id of this component, if it is one. */
    Optional<String> appIdOf(String keycloakId);

    Optional<AppUser> findById(String appId);

    Optional<AppUser> findByEmail(String email);

    /** The app user whose auth id column holds {@code authId}. */
    Optional<AppUser> findByAuthId(String authId);

    /** App users with an empty auth id after {@code afterId} (null: from the start), in id order. */
    List<AppUser> findUnlinked(String afterId, int limit);

    /** Links {@code authId} to {@code user} (as read) by the {@link LinkOutcome link policy}. */
    LinkOutcome link(AppUser user, String authId);

    /**
     * Links {@code authId} to {@code user} (as read) by the link policy and writes {@code audit} in the same local
     * transaction, only when the link is written: no link without its audit row.
     */
    LinkOutcome linkAudited(AppUser user, String authId, BackfillAuditRow audit);

    /**
     * Creates an app row for an existing Keycloak user, linked to {@code user.authId()}, in one local transaction.
     *
     * @return the new app id
     * @throws ModelDuplicateException when the username, email or auth id is already taken (re-read to find the winner)
     */
    String provision(NewAppUser user);

    /** Creates {@code identity_backfill_audit} in the app database when it is absent. */
    void prepareBackfillAudit();

    /** Writes audit rows together in one local transaction. */
    void recordBackfill(List<BackfillAuditRow> rows);
}
