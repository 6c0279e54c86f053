package dev.identitybridge.keycloak.identity.auth;

import java.util.Map;
import org.keycloak.representations.AccessToken;

/**
 * Whether a client role is within a token's scope, decided like Keycloak's admin API: by the roles the token carries
 * ({@code resource_access}), i.e. the roles Keycloak put in it after applying the client's full-scope setting, its
 * scope mappings and the client scopes of the request. A token without any client roles at all (a lightweight
 * access token, or a client without the {@code roles} client scope) is decided by the client's own scope mappings
 * instead ({@code ClientModel#hasScope}, as Keycloak's {@code AdminAuth} does), never by the user's roles alone.
 */
public final class RoleScope {

    /** What the token says: its {@code resource_access} claim (empty when absent). */
    public enum Claim {
        IN_TOKEN,
        NOT_IN_TOKEN,
        TOKEN_HAS_NO_CLIENT_ROLES
    }

    private RoleScope() {}

    public static Claim of(AccessToken token, Permission permission) {
        Map<String, AccessToken.Access> access = token == null ? Map.of() : token.getResourceAccess();
        if (access == null || access.isEmpty()) {
            return Claim.TOKEN_HAS_NO_CLIENT_ROLES;
        }
        AccessToken.Access roles = access.get(permission.clientId());
        return roles != null && roles.isUserInRole(permission.role()) ? Claim.IN_TOKEN : Claim.NOT_IN_TOKEN;
    }

    /**
     * @param grantedToUser   the user (or service account) holds the role now (user model, composites and groups)
     * @param clientHasScope  the client's own scope allows the role ({@code ClientModel#hasScope})
     * @return whether the caller may use the role
     */
    public static boolean allows(boolean grantedToUser, Claim claim, boolean clientHasScope) {
        if (!grantedToUser) {
            return false;
        }
        return switch (claim) {
            case IN_TOKEN -> true;
            case NOT_IN_TOKEN -> false;
            case TOKEN_HAS_NO_CLIENT_ROLES -> clientHasScope;
        };
    }
}
