package dev.identitybridge.keycloak.identity.auth;

import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

/**
 * Who called: the token's user (for a service account, its service-account user), the client it was issued to and
 * the verified access token itself (its roles and audience are what the caller may use).
 */
public record Caller(UserModel user, ClientModel client, AccessToken token) {

    public boolean isServiceAccount() {
        return user.getServiceAccountClientLink() != null;
    }

    /** For logs: the client id of a service account, the user id of a user (never a token or an email). */
    public String subject() {
        return isServiceAccount() ? "client:" + client.getClientId() : "user:" + user.getId();
    }
}
