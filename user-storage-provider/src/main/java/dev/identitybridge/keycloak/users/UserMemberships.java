package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.JoinMode;
import dev.identitybridge.keycloak.users.config.MembershipKind;
import dev.identitybridge.keycloak.users.config.MembershipMapping;
import dev.identitybridge.keycloak.users.config.Memberships;
import dev.identitybridge.keycloak.users.jdbc.MembershipNames;
import dev.identitybridge.keycloak.users.jdbc.MembershipRepository;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.models.GroupModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One app user's roles and groups from the join tables, and what a grant or removal (join or leave) through Keycloak
 * does with them. A role outside the mapped container, or a role the table neither grants nor names in its name map,
 * is Keycloak's as before (federated storage, {@code inKeycloak}). For a role of the mapped container:
 * <ul>
 *   <li>READ_ONLY: removing a role the table grants is refused, and so is granting a role the name map names (the app
 *   decides who has it); a role the table already grants is not granted twice.</li>
 *   <li>WRITABLE: granting inserts a row (the first app name of the role), removing deletes the user's rows of every
 *   app name of the role (and a Keycloak-side grant of it); both are written when Keycloak commits, with the request's
 *   other app-table writes.</li>
 * </ul>
 * Groups alike, every group of the realm being in the mapped container. A role or group carrying Keycloak's
 * administration rights ({@link AdministrationRights}) is never the table's: granted or joined, it is Keycloak's.
 * Not thread-safe (one request).
 */
final class UserMemberships {

    /** For a component without join tables. */
    static final UserMemberships NONE =
            new UserMemberships(Memberships.NONE, null, () -> MembershipNames.NONE, null, null, null);

    private final Memberships memberships;
    private final String appId;
    private final Supplier<MembershipNames> read;
    private final MembershipResolver resolver;
    private final MembershipRepository repository;
    private final Supplier<AppTableWrites> writes;
    private Set<RoleModel> roles;
    private Set<GroupModel> groups;

    UserMemberships(
            Memberships memberships,
            String appId,
            Supplier<MembershipNames> read,
            MembershipResolver resolver,
            MembershipRepository repository,
            Supplier<AppTableWrites> writes) {
        this.memberships = memberships;
        this.appId = appId;
        this.read = read;
        this.resolver = resolver;
        this.repository = repository;
        this.writes = writes;
    }

    /** The Keycloak roles the role table grants (read with the groups at the first question). */
    Set<RoleModel> roles() {
        load();
        return roles;
    }

    /** The Keycloak groups the group table makes the user a member of. */
    Set<GroupModel> groups() {
        load();
        return groups;
    }

    private void load() {
        if (roles != null) {
            return;
        }
        if (!memberships.any()) {
            roles = new LinkedHashSet<>();
            groups = new LinkedHashSet<>();
            return;
        }
        MembershipNames names = read.get();
        roles = new LinkedHashSet<>(
                memberships.roles().map(m -> resolver.roles(m, names.roles())).orElse(Set.of()));
        groups = new LinkedHashSet<>(memberships
                .groups()
                .map(m -> resolver.groups(m, names.groups()))
                .orElse(Set.of()));
    }

    void grant(RoleModel role, Runnable inKeycloak) {
        Optional<MembershipMapping> mapping = memberships
                .roles()
                .filter(m -> resolver.inContainer(m, role))
                .filter(m -> !resolver.carriesAdministration(role));
        if (mapping.isEmpty()) {
            inKeycloak.run();
        } else if (!roles().contains(role)) {
            add(
                    mapping.get(),
                    roles,
                    role,
                    role.getName(),
                    MembershipResolver.appNames(mapping.get(), role).get(0),
                    mapping.get().names().targets().contains(role.getName()),
                    inKeycloak);
        }
    }

    void revoke(RoleModel role, Runnable inKeycloak) {
        Optional<MembershipMapping> mapping = memberships.roles().filter(m -> resolver.inContainer(m, role));
        if (mapping.isEmpty() || !roles().contains(role)) {
            inKeycloak.run();
            return;
        }
        remove(mapping.get(), roles, role, role.getName(), MembershipResolver.appNames(mapping.get(), role));
        inKeycloak.run();
    }

    void join(GroupModel group, Runnable inKeycloak) {
        Optional<MembershipMapping> mapping = memberships.groups().filter(m -> !resolver.carriesAdministration(group));
        if (mapping.isEmpty()) {
            inKeycloak.run();
        } else if (!groups().contains(group)) {
            add(
                    mapping.get(),
                    groups,
                    group,
                    KeycloakModelUtils.buildGroupPath(group),
                    MembershipResolver.appNames(mapping.get(), group).get(0),
                    MembershipResolver.isMapTarget(mapping.get(), group),
                    inKeycloak);
        }
    }

    void leave(GroupModel group, Runnable inKeycloak) {
        Optional<MembershipMapping> mapping = memberships.groups();
        if (mapping.isEmpty() || !groups().contains(group)) {
            inKeycloak.run();
            return;
        }
        remove(
                mapping.get(),
                groups,
                group,
                KeycloakModelUtils.buildGroupPath(group),
                MembershipResolver.appNames(mapping.get(), group));
        inKeycloak.run();
    }

    private <T> void add(
            MembershipMapping mapping,
            Set<T> held,
            T member,
            String display,
            String appName,
            boolean namedByMap,
            Runnable inKeycloak) {
        if (mapping.mode() == JoinMode.WRITABLE) {
            writes.get().add(repository.insert(mapping.kind(), appId, appName));
            held.add(member);
        } else if (namedByMap) {
            throw MembershipRefusal.readOnly(refusal(mapping.kind(), display, "added"));
        } else {
            inKeycloak.run();
        }
    }

    private <T> void remove(
            MembershipMapping mapping, Set<T> held, T member, String display, java.util.List<String> appNames) {
        if (mapping.mode() != JoinMode.WRITABLE) {
            throw MembershipRefusal.readOnly(refusal(mapping.kind(), display, "removed"));
        }
        writes.get().add(repository.delete(mapping.kind(), appId, appNames));
        held.remove(member);
    }

    private static String refusal(MembershipKind kind, String display, String change) {
        return "The " + kind.word() + " '" + display + "' of this user comes from the app's " + kind.word()
                + " table, which is read-only (" + kind.modeKey() + " READ_ONLY): it can only be " + change
                + " in the app.";
    }
}
