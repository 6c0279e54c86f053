package dev.identitybridge.keycloak.identity.auth;

import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;

/** Who called: the token's user (for a service account, its service-account user) and the client it was issued to. */
public record Caller(UserModel user, ClientModel client) {

    public boolean isServiceAccount() {
        return user.getServiceAccountClientLink() != null;
    }

    /** For logs: the client id of a service account, the user id of a user (never a token or an email). */
    public String subject() {
        return isServiceAccount() ? "client:" + client.getClientId() : "user:" + user.getId();
    }
}
