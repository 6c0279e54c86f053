package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import dev.identitybridge.keycloak.users.AppUserStore;
import dev.identitybridge.keycloak.users.ExternalUser;
import dev.identitybridge.keycloak.users.events.AppUserProvisionedEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Optional;

/**
 * Finds or creates the app user of a Keycloak user, from the user model (never from token claims): by subject,
 * else by the user's email if Keycloak marks it verified (then links the subject), else provisions a linked row in
 * the highest-priority writable table. Race-safe: the app table's unique indexes decide, and the loser re-reads
 * the winner's row in a fresh statement.
 */
public final class AppUserLinker {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AppUsers appUsers;

    public AppUserLinker(KeycloakSession session, RealmModel realm, AppUsers appUsers) {
        this.session = session;
        this.realm = realm;
        this.appUsers = appUsers;
    }

    public Resolution findOrProvision(UserModel user) {
        String authId = user.getId();
        Optional<AppUsers.Found> bySubject = appUsers.byAuthId(authId);
        if (bySubject.isPresent()) {
            return new Resolution(bySubject.get().user().id(), Resolution.How.FOUND);
        }
        String email = user.getEmail();
        if (email != null && !email.isBlank() && user.isEmailVerified()) {
            Optional<AppUsers.Found> byEmail = appUsers.byEmail(email);
            if (byEmail.isPresent()) {
                return link(byEmail.get(), authId);
            }
        }
        return provision(user, authId);
    }

    private Resolution link(AppUsers.Found found, String authId) {
        ExternalUser row = found.user();
        if (isEmpty(row.authId())) {
            AppUserStore store = found.store();
            if (!AppUsers.acceptsLinks(store)) {
                throw new IdentityError(ErrorCode.PROVISIONING_DISABLED, "The app user with this email is not linked, and its "
                        + "table is not writable (edit mode WRITABLE with an auth id column).");
            }
            try {
                if (store.linkAuthId(row.id(), authId)) {
                    return new Resolution(row.id(), Resolution.How.LINKED);
                }
            } catch (ModelDuplicateException e) {
                // the subject was linked to another row meanwhile: decided below
            }
            return appUsers.byAuthId(authId).map(winner -> new Resolution(winner.user().id(), Resolution.How.FOUND))
                    .orElseThrow(AppUserLinker::emailConflict);
        }
        if (row.authId().equals(authId)) {
            return new Resolution(row.id(), Resolution.How.FOUND);
        }
        throw emailConflict();
    }

    private Resolution provision(UserModel user, String authId) {
        AppUserStore target = appUsers.provisioningTarget().orElseThrow(() -> new IdentityError(ErrorCode.PROVISIONING_DISABLED,
                "No app users table of this realm accepts new users (edit mode WRITABLE with an auth id column)."));
        String appId;
        try {
            appId = target.provision(new AppUserStore.NewAppUser(user.getUsername(), user.getEmail(), user.isEmailVerified(),
                    user.getFirstName(), user.getLastName(), user.isEnabled(), authId));
        } catch (ModelDuplicateException e) {
            // someone else won (a concurrent bootstrap of the same user), or the username/email is another app user's
            Optional<AppUsers.Found> winner = appUsers.byAuthId(authId);
            if (winner.isPresent()) {
                return new Resolution(winner.get().user().id(), Resolution.How.FOUND);
            }
            if (user.getEmail() != null && appUsers.byEmail(user.getEmail()).isPresent()) {
                throw emailConflict();
            }
            throw new IdentityError(ErrorCode.USERNAME_CONFLICT, "Another app user already has this user's username.");
        }
        new AppUserProvisionedEvent(session, realm, authId, appId, target.componentId()).publish();
        return new Resolution(appId, Resolution.How.CREATED);
    }

    private static IdentityError emailConflict() {
        return new IdentityError(ErrorCode.EMAIL_CONFLICT, "The app user with this email is linked to another subject.");
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }
}
