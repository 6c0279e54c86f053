package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import dev.identitybridge.keycloak.identity.api.ResolveRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** {@code POST /resolve}: the app user id of an email or a Keycloak subject; optionally provisions for an existing Keycloak user. */
public final class ResolveUsers {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AppUsers appUsers;
    private final AppUserLinker linker;

    public ResolveUsers(KeycloakSession session, RealmModel realm, AppUsers appUsers, AppUserLinker linker) {
        this.session = session;
        this.realm = realm;
        this.appUsers = appUsers;
        this.linker = linker;
    }

    public Resolution resolve(ResolveRequest.Lookup lookup) {
        if (lookup instanceof ResolveRequest.ByEmail byEmail) {
            return appUsers.byEmail(byEmail.email())
                    .map(f -> new Resolution(f.user().id(), Resolution.How.FOUND))
                    .orElseThrow(() -> notFound("No app user has this email."));
        }
        ResolveRequest.ByAuthId byAuthId = (ResolveRequest.ByAuthId) lookup;
        if (!byAuthId.provision()) {
            return appUsers.byAuthId(byAuthId.authId())
                    .map(f -> new Resolution(f.user().id(), Resolution.How.FOUND))
                    .orElseThrow(() -> notFound("No app user is linked to this authId."));
        }
        UserModel user = session.users().getUserById(realm, byAuthId.authId());
        if (user == null || user.getServiceAccountClientLink() != null) {
            throw notFound("No Keycloak user of this realm has this authId.");
        }
        return linker.findOrProvision(user);
    }

    private static IdentityError notFound(String description) {
        return new IdentityError(ErrorCode.NOT_FOUND, description);
    }
}
