package dev.identitybridge.keycloak.users;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.Config;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleContainerModel;
import org.keycloak.models.RoleModel;

/**
 * Whether a Keycloak role or group carries administration rights: a role of a realm's {@code realm-management} client,
 * in the admin realm ({@code master}) a role of a realm's admin client ({@code <realm>-realm}) or its {@code admin} /
 * {@code create-realm} realm roles, or a composite (at any depth) or group (with its parents) holding one. Rows of the
 * app's join tables never grant these: whoever can write the app's tables (its own sign-up, its support staff) would
 * otherwise administer Keycloak. Such grants stay Keycloak's own (federated storage).
 */
final class AdministrationRights {

    private AdministrationRights() {}

    static boolean carried(RealmModel realm, RoleModel role) {
        return anyAdministration(realm, Stream.of(role));
    }

    static boolean carried(RealmModel realm, GroupModel group) {
        Stream<RoleModel> roles = Stream.empty();
        for (GroupModel g = group; g != null; g = g.getParent()) {
            roles = Stream.concat(roles, g.getRoleMappingsStream());
        }
        return anyAdministration(realm, roles);
    }

    private static boolean anyAdministration(RealmModel realm, Stream<RoleModel> roles) {
        Deque<RoleModel> pending = new ArrayDeque<>();
        roles.forEach(pending::add);
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            RoleModel role = pending.pop();
            if (!seen.add(role.getId())) {
                continue;
            }
            if (isAdministration(realm, role)) {
                return true;
            }
            if (role.isComposite()) {
                role.getCompositesStream().forEach(pending::push);
            }
        }
        return false;
    }

    private static boolean isAdministration(RealmModel realm, RoleModel role) {
        boolean adminRealm = Config.getAdminRealm().equals(realm.getName());
        RoleContainerModel container = role.getContainer();
        if (container instanceof ClientModel client) {
            String clientId = client.getClientId();
            return Constants.REALM_MANAGEMENT_CLIENT_ID.equals(clientId)
                    || (adminRealm && clientId != null && clientId.endsWith(AdminRoles.APP_SUFFIX));
        }
        return adminRealm
                && (AdminRoles.ADMIN.equals(role.getName()) || AdminRoles.CREATE_REALM.equals(role.getName()));
    }
}
