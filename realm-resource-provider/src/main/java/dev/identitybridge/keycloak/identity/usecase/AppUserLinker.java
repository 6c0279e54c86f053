package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import dev.identitybridge.keycloak.users.api.AppUser;
import dev.identitybridge.keycloak.users.api.AppUserLinkedEvent;
import dev.identitybridge.keycloak.users.api.AppUserProvisionedEvent;
import dev.identitybridge.keycloak.users.api.AppUserStore;
import dev.identitybridge.keycloak.users.api.LinkOutcome;
import dev.identitybridge.keycloak.users.api.NewAppUser;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Finds or creates the app user of a Keycloak user, from the user model (never from token claims): by subject,
 * else by the user's email when both sides prove it ({@link EmailLinkRule}; then links the subject), else provisions
 * a linked row in the highest-priority writable table. A user disabled in Keycloak or in the app table gets no app
 * user id. Race-safe: the app table's unique indexes decide, and the loser re-reads the winner's row in a fresh
 * statement.
 */
public final class AppUserLinker {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AppUsers appUsers;
    private final String clientId;
    private final String operation;

    /**
     * @param clientId  the client whose token asked (recorded with a link or a provisioning)
     * @param operation {@code bootstrap} or {@code resolve} (recorded with a link)
     */
    public AppUserLinker(
            KeycloakSession session, RealmModel realm, AppUsers appUsers, String clientId, String operation) {
        this.session = session;
        this.realm = realm;
        this.appUsers = appUsers;
        this.clientId = clientId;
        this.operation = operation;
    }

    public Resolution findOrProvision(UserModel user) {
        if (!user.isEnabled()) {
            throw disabled("The Keycloak user is disabled.");
        }
        String authId = user.getId();
        Optional<AppUsers.Found> bySubject = appUsers.byAuthId(authId);
        if (bySubject.isPresent()) {
            return found(bySubject.get());
        }
        String email = user.getEmail();
        if (email != null && !email.isBlank()) {
            Optional<AppUsers.Found> byEmail = appUsers.byEmail(email);
            if (byEmail.isPresent()) {
                return link(byEmail.get(), user);
            }
        }
        return provision(user, authId);
    }

    private Resolution link(AppUsers.Found found, UserModel user) {
        AppUser row = found.user();
        String authId = user.getId();
        Optional<LinkOutcome> settled = LinkOutcome.withoutWrite(row.authId(), authId);
        if (settled.isPresent()) {
            if (settled.get() == LinkOutcome.ALREADY_LINKED) {
                return found(found);
            }
            throw emailConflict();
        }
        AppUserStore store = found.store();
        EmailLinkRule.Verdict verdict =
                EmailLinkRule.decide(user.isEmailVerified(), row.emailVerified(), store.appVerifiesEmails());
        if (!verdict.allowed()) {
            throw new IdentityError(
                    ErrorCode.EMAIL_LINK_UNVERIFIED,
                    "An app user has this email, but it cannot be linked to " + "this Keycloak user: "
                            + verdict.explanation() + ". Nothing was linked.");
        }
        if (Boolean.FALSE.equals(row.enabled())) {
            throw disabled("The app user with this email is disabled; nothing was linked.");
        }
        if (!store.acceptsLinks()) {
            throw new IdentityError(
                    ErrorCode.PROVISIONING_DISABLED,
                    "The app user with this email is not linked, and its "
                            + "table is not writable (edit mode WRITABLE with an auth id column).");
        }
        LinkOutcome outcome = store.link(row, authId);
        if (outcome == LinkOutcome.LINKED) {
            new AppUserLinkedEvent(session, realm, authId, row.id(), store.componentId(), clientId, operation)
                    .publish();
            return new Resolution(row.id(), Resolution.How.LINKED);
        }
        if (outcome == LinkOutcome.SUBJECT_TAKEN) {
            // the subject is held by another row (linked meanwhile): that row is the subject's app user, if still there
            return appUsers.byAuthId(authId)
                    .map(this::found)
                    .orElseThrow(
                            () -> new IdentityError(
                                    ErrorCode.LINK_CONFLICT,
                                    "The app database refused the link: another app user holds this subject. Nothing was linked."));
        }
        // the row was linked or removed meanwhile
        return appUsers.byAuthId(authId).map(this::found).orElseThrow(AppUserLinker::emailConflict);
    }

    private Resolution found(AppUsers.Found found) {
        if (Boolean.FALSE.equals(found.user().enabled())) {
            throw disabled("The app user is disabled.");
        }
        return new Resolution(found.user().id(), Resolution.How.FOUND);
    }

    private Resolution provision(UserModel user, String authId) {
        AppUserStore target = appUsers.provisioningTarget()
                .orElseThrow(
                        () -> new IdentityError(
                                ErrorCode.PROVISIONING_DISABLED,
                                "No app users table of this realm accepts new users (edit mode WRITABLE with an auth id column)."));
        String appId;
        try {
            appId = target.provision(new NewAppUser(
                    user.getUsername(),
                    user.getEmail(),
                    user.isEmailVerified(),
                    user.getFirstName(),
                    user.getLastName(),
                    user.isEnabled(),
                    authId));
        } catch (ModelDuplicateException e) {
            // someone else won (a concurrent bootstrap of the same user), or the username/email is another app user's
            Optional<AppUsers.Found> winner = appUsers.byAuthId(authId);
            if (winner.isPresent()) {
                return found(winner.get());
            }
            if (user.getEmail() != null && appUsers.byEmail(user.getEmail()).isPresent()) {
                throw emailConflict();
            }
            throw new IdentityError(ErrorCode.USERNAME_CONFLICT, "Another app user already has this user's username.");
        }
        new AppUserProvisionedEvent(session, realm, authId, appId, target.componentId(), clientId).publish();
        return new Resolution(appId, Resolution.How.CREATED);
    }

    private static IdentityError emailConflict() {
        return new IdentityError(
                ErrorCode.EMAIL_CONFLICT, "The app user with this email is linked to another subject.");
    }

    private static IdentityError disabled(String description) {
        return new IdentityError(ErrorCode.USER_DISABLED, description + " No app user id is handed out.");
    }
}
