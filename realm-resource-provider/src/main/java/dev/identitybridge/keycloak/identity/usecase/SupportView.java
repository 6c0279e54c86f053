package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import dev.identitybridge.keycloak.users.api.AppUser;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** {@code GET /users/{userId}}: an app user as support staff need to see it, with the Keycloak user it links to. */
public final class SupportView {

    public record KeycloakUser(String id, String username, String federationLink, boolean enabled) {}

    public record View(
            String userId,
            String componentId,
            String authId,
            String email,
            Boolean emailVerified,
            Boolean enabled,
            String createdAt,
            KeycloakUser keycloakUser) {}

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AppUsers appUsers;

    public SupportView(KeycloakSession session, RealmModel realm, AppUsers appUsers) {
        this.session = session;
        this.realm = realm;
        this.appUsers = appUsers;
    }

    public View view(String appId) {
        AppUsers.Found found = appUsers.byId(appId)
                .orElseThrow(() -> new IdentityError(ErrorCode.NOT_FOUND, "No app user has this id."));
        AppUser row = found.user();
        // the linked subject, else the row's own federated user
        String keycloakId = row.linked() ? row.authId() : found.store().keycloakId(row.id());
        UserModel user = session.users().getUserById(realm, keycloakId);
        KeycloakUser linked = user == null
                ? null
                : new KeycloakUser(user.getId(), user.getUsername(), user.getFederationLink(), user.isEnabled());
        String createdAt = row.createdAt() == null ? null : row.createdAt().toString();
        return new View(
                row.id(),
                found.store().componentId(),
                row.authId(),
                row.email(),
                row.emailVerified(),
                row.enabled(),
                createdAt,
                linked);
    }
}
