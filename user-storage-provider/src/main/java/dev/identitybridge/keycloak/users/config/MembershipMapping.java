package dev.identitybridge.keycloak.users.config;

import java.util.Optional;

/**
 * Roles or groups an app keeps in a join table, as the component maps them to Keycloak. Immutable.
 *
 * @param kind          roles or groups
 * @param joinTable     where the memberships are
 * @param roleClient    roles only: the client id whose client roles receive the mapping (empty: realm roles)
 * @param names         app name to Keycloak name; unmapped names are used as they are
 * @param createMissing whether an app name with no Keycloak role or group creates one (else it is ignored and counted)
 * @param mode          whether Keycloak may write the table
 */
public record MembershipMapping(
        MembershipKind kind,
        JoinTable joinTable,
        Optional<String> roleClient,
        NameMap names,
        boolean createMissing,
        JoinMode mode) {

    public boolean writable() {
        return mode == JoinMode.WRITABLE;
    }
}
