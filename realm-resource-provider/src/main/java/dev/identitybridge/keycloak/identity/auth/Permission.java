package dev.identitybridge.keycloak.identity.auth;

/** A client role (by client id and role name) a caller must hold. */
public record Permission(String clientId, String role) {

    /** Keycloak's per-realm admin client. */
    public static final String REALM_MANAGEMENT = "realm-management";

    public static final Permission VIEW_USERS = new Permission(REALM_MANAGEMENT, "view-users");
    public static final Permission MANAGE_USERS = new Permission(REALM_MANAGEMENT, "manage-users");

    @Override
    public String toString() {
        return clientId + "/" + role;
    }
}
