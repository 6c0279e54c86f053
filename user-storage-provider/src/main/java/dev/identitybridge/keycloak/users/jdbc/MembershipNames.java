package dev.identitybridge.keycloak.users.jdbc;

import java.util.List;

/** The role and group names one app user has in the join tables, as the app spells them. Immutable. */
public record MembershipNames(List<String> roles, List<String> groups) {

    public static final MembershipNames NONE = new MembershipNames(List.of(), List.of());

    public MembershipNames {
        roles = List.copyOf(roles);
        groups = List.copyOf(groups);
    }
}
