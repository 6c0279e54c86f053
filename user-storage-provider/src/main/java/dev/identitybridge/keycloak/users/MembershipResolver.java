package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.MembershipKind;
import dev.identitybridge.keycloak.users.config.MembershipMapping;
import dev.identitybridge.keycloak.users.config.NameMap;
import dev.identitybridge.keycloak.users.metrics.ComponentMetrics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleContainerModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Turns the role and group names an app stores into Keycloak's roles and groups of one realm, and back. An app name goes
 * through the name map (unmapped names are used as they are); a role is looked up in the target container (the realm,
 * or the client of {@code roleClient}); a group name is a top-level group's name or a {@code /path}. A name with no
 * Keycloak role or group is created when the mapping says so, else ignored and counted. Lives for one request.
 */
final class MembershipResolver {

    private static final Logger LOG = Logger.getLogger(MembershipResolver.class);
    /** Refusals already logged (component, kind, name): a bounded set, as roles and groups of a realm are. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ComponentMetrics metrics;
    private final String componentId;

    MembershipResolver(KeycloakSession session, RealmModel realm, ComponentMetrics metrics, String componentId) {
        this.session = session;
        this.realm = realm;
        this.metrics = metrics;
        this.componentId = componentId;
    }

    // --- roles ---

    /** The realm, or the client of {@code roleClient}; empty when that client does not exist. */
    Optional<RoleContainerModel> roleContainer(MembershipMapping roles) {
        if (roles.roleClient().isEmpty()) {
            return Optional.of(realm);
        }
        ClientModel client = realm.getClientByClientId(roles.roleClient().get());
        if (client == null) {
            LOG.warnf(
                    "External users component %s: client '%s' (option roleClient) does not exist in realm %s; the "
                            + "app's roles are ignored",
                    componentId, roles.roleClient().get(), realm.getName());
        }
        return Optional.ofNullable(client);
    }

    Set<RoleModel> roles(MembershipMapping roles, List<String> appNames) {
        Optional<RoleContainerModel> container = roleContainer(roles);
        if (container.isEmpty() || appNames.isEmpty()) {
            return Set.of();
        }
        Set<RoleModel> found = new LinkedHashSet<>();
        int unknown = 0;
        int refused = 0;
        for (String appName : appNames) {
            String name = roles.names().keycloakName(appName);
            RoleModel role = container.get().getRole(name);
            if (role == null && roles.createMissing()) {
                role = container.get().addRole(name);
                LOG.infof("External users component %s: created the missing role of an app role", componentId);
            }
            if (role == null) {
                unknown++;
            } else if (AdministrationRights.carried(realm, role)) {
                refused++;
                warnRefused(MembershipKind.ROLE, role.getName());
            } else {
                found.add(role);
            }
        }
        countUnknown(MembershipKind.ROLE, unknown);
        countRefused(MembershipKind.ROLE, refused);
        return found;
    }

    /** Whether {@code role} belongs to the container the app's roles are mapped to. */
    boolean inContainer(MembershipMapping roles, RoleModel role) {
        return roleContainer(roles)
                .map(container -> container instanceof ClientModel client
                        ? role.isClientRole() && client.getId().equals(role.getContainerId())
                        : !role.isClientRole())
                .orElse(false);
    }

    /** The app names that stand for {@code role}, the one Keycloak writes first. */
    static List<String> appNames(MembershipMapping roles, RoleModel role) {
        return roles.names().appNames(role.getName());
    }

    // --- groups ---

    Set<GroupModel> groups(MembershipMapping groups, List<String> appNames) {
        Set<GroupModel> found = new LinkedHashSet<>();
        int unknown = 0;
        int refused = 0;
        for (String appName : appNames) {
            String path = path(groups.names().keycloakName(appName));
            GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, path);
            if (group == null && groups.createMissing()) {
                group = create(path);
            }
            if (group == null) {
                unknown++;
            } else if (AdministrationRights.carried(realm, group)) {
                refused++;
                warnRefused(MembershipKind.GROUP, path);
            } else {
                found.add(group);
            }
        }
        countUnknown(MembershipKind.GROUP, unknown);
        countRefused(MembershipKind.GROUP, refused);
        return found;
    }

    /**
     * The app names that stand for {@code group}: name-map entries to its path (or, for a top-level group, its name)
     * first, then its name (top-level groups) and its path as they are. The first is the one Keycloak writes.
     */
    static List<String> appNames(MembershipMapping groups, GroupModel group) {
        List<String> references = new ArrayList<>();
        if (group.getParentId() == null) {
            references.add(group.getName());
        }
        references.add(KeycloakModelUtils.buildGroupPath(group));
        NameMap names = groups.names();
        Set<String> result = new LinkedHashSet<>();
        names.appToKeycloak().forEach((app, keycloak) -> {
            if (references.contains(keycloak)) {
                result.add(app);
            }
        });
        references.stream()
                .filter(reference -> !names.appToKeycloak().containsKey(reference))
                .forEach(result::add);
        return List.copyOf(result);
    }

    /** Whether the name map sends an app name to {@code group} (by path, or by name for a top-level group). */
    static boolean isMapTarget(MembershipMapping groups, GroupModel group) {
        Set<String> targets = groups.names().targets();
        return targets.contains(KeycloakModelUtils.buildGroupPath(group))
                || (group.getParentId() == null && targets.contains(group.getName()));
    }

    /** A top-level group's name or a path, as a path. */
    private static String path(String reference) {
        return reference.startsWith(KeycloakModelUtils.GROUP_PATH_SEPARATOR)
                ? reference
                : KeycloakModelUtils.GROUP_PATH_SEPARATOR + reference;
    }

    /** Creates the groups of a path that do not exist yet. */
    private GroupModel create(String path) {
        GroupModel parent = null;
        StringBuilder prefix = new StringBuilder();
        for (String segment : path.substring(1).split(KeycloakModelUtils.GROUP_PATH_SEPARATOR)) {
            if (segment.isEmpty()) {
                return null;
            }
            prefix.append(KeycloakModelUtils.GROUP_PATH_SEPARATOR).append(segment);
            GroupModel existing = KeycloakModelUtils.findGroupByPath(session, realm, prefix.toString());
            parent = existing != null ? existing : session.groups().createGroup(realm, segment, parent);
        }
        LOG.infof("External users component %s: created the missing group of an app group", componentId);
        return parent;
    }

    /** Whether a grant of {@code role} must stay Keycloak's, never the app's: see {@link AdministrationRights}. */
    boolean carriesAdministration(RoleModel role) {
        return AdministrationRights.carried(realm, role);
    }

    boolean carriesAdministration(GroupModel group) {
        return AdministrationRights.carried(realm, group);
    }

    private void countRefused(MembershipKind kind, int refused) {
        if (refused > 0) {
            metrics.refusedAppNames(kind.plural(), refused);
        }
    }

    /** Once per component, role or group and node: the realm admin's mapping points at administration rights. */
    private void warnRefused(MembershipKind kind, String name) {
        if (WARNED.add(componentId + '\n' + kind.word() + '\n' + name)) {
            LOG.warnf(
                    "External users component %s: the app's %s table grants the %s '%s', which carries Keycloak's "
                            + "administration rights; app tables never grant those, so it is ignored (grant it in "
                            + "Keycloak instead)",
                    componentId, kind.word(), kind.word(), name);
        }
    }

    private void countUnknown(MembershipKind kind, int unknown) {
        if (unknown > 0) {
            metrics.unknownAppNames(kind.plural(), unknown);
            LOG.debugf(
                    "External users component %s: %d app %s of a user name no Keycloak %s and were ignored",
                    componentId, unknown, kind.plural(), kind.word());
        }
    }
}
