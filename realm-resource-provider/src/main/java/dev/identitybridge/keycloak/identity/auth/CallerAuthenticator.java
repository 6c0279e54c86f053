package dev.identitybridge.keycloak.identity.auth;

import dev.identitybridge.keycloak.identity.api.ErrorCode;
import dev.identitybridge.keycloak.identity.api.IdentityError;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * The authentication sequence of every call, after Keycloak's AccountLoader: Keycloak's bearer-token authenticator
 * for the realm of the URL (signature, issuer, expiry, enabled client and user, valid session and, when the operator
 * configured one, the audience), then the kind of caller the endpoint wants, then a client role checked like
 * Keycloak's admin API does: granted to the user now (user model) and within the token's scope ({@link RoleScope}).
 */
public final class CallerAuthenticator {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String requiredAudience;

    /** @param requiredAudience the audience every token must carry, or null for none */
    public CallerAuthenticator(KeycloakSession session, String requiredAudience) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.requiredAudience = requiredAudience;
    }

    /** Any valid token of this realm. */
    public Caller anyCaller() {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new IdentityError(ErrorCode.MISSING_TOKEN, "A bearer token is required.");
        }
        // getUser()/getClient(): AuthResult is a record from 26.7 on, its user()/client() do not exist in 26.4
        AuthResult result;
        try {
            AppAuthManager.BearerTokenAuthenticator authenticator =
                    new AppAuthManager.BearerTokenAuthenticator(session);
            if (requiredAudience != null) {
                authenticator.setAudience(requiredAudience);
            }
            result = authenticator.authenticate();
        } catch (NotAuthorizedException malformedHeader) {
            result = null;
        }
        if (result == null || result.getUser() == null || result.getClient() == null || result.getToken() == null) {
            throw new IdentityError(
                    ErrorCode.INVALID_TOKEN,
                    requiredAudience == null
                            ? "The bearer token is not valid for this realm."
                            : "The bearer token is not valid for this realm or not issued for audience "
                                    + requiredAudience + ".");
        }
        if (!realm.getId().equals(result.getClient().getRealm().getId())) {
            throw new IdentityError(ErrorCode.INVALID_TOKEN, "The bearer token belongs to another realm.");
        }
        return new Caller(result.getUser(), result.getClient(), result.getToken());
    }

    /** A service account holding {@code permission}. */
    public Caller serviceAccountWith(Permission permission) {
        Caller caller = anyCaller();
        if (!caller.isServiceAccount()) {
            throw new IdentityError(
                    ErrorCode.SERVICE_ACCOUNT_REQUIRED, "This operation takes a service-account token.");
        }
        return require(caller, permission);
    }

    /** A user (not a service account). Disabled users never get here: their tokens are refused above. */
    public Caller user() {
        Caller caller = anyCaller();
        if (caller.isServiceAccount()) {
            throw new IdentityError(
                    ErrorCode.USER_TOKEN_REQUIRED, "This operation takes a user's token, not a service account's.");
        }
        return caller;
    }

    /** A user or service account holding {@code permission}. */
    public Caller callerWith(Permission permission) {
        return require(anyCaller(), permission);
    }

    private Caller require(Caller caller, Permission permission) {
        ClientModel client = realm.getClientByClientId(permission.clientId());
        RoleModel role = client == null ? null : client.getRole(permission.role());
        if (role == null
                || !RoleScope.allows(
                        caller.user().hasRole(role),
                        RoleScope.of(caller.token(), permission),
                        caller.client().hasScope(role))) {
            throw new IdentityError(
                    ErrorCode.INSUFFICIENT_ROLE,
                    "The caller needs the client role " + permission
                            + ", granted and within the token's scope (client scope mappings or full scope).");
        }
        return caller;
    }
}
