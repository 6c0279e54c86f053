package dev.identitybridge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scenario 9: what roles and groups from the app's join tables cost a password-grant login and a {@code resolve}.
 * Federated users with 5 roles and 2 groups in the reference schema's {@code user_roles} and {@code user_groups}
 * (app names, mapped to Keycloak's through the component's name maps) against users of the same realm without any
 * rows; for context, users without rows in a realm whose component has no join tables configured.
 */
final class MembershipScenario {

    /** Both comparisons run with {@code -Dbench.only=9}. */
    static final String ID = "9";

    static final String LOGIN =
            "Scenario 9a: password-grant login, federated users with 5 mapped roles and 2 groups vs without";
    static final String RESOLVE =
            "Scenario 9b: resolve by email, federated users with 5 mapped roles and 2 groups vs without";
    static final String WITHOUT = "no roles or groups in the join tables";
    static final String WITH = "5 roles and 2 groups in the join tables";
    static final String NOT_CONFIGURED = "no join tables configured";

    private static final String REALM = "roles-bench";
    private static final String REALM_WITHOUT_JOINS = "roles-bench-off";
    private static final String MEMBER = "member";
    private static final String NON_MEMBER = "nonmember";
    private static final int ROLES = 5;
    private static final List<String> GROUPS = List.of("staff", "customers");

    private final int users;

    /** @param users how many users each side logs in, round robin */
    MembershipScenario(int users) {
        this.users = users;
    }

    /**
     * Adds the users of both sides to the app table (PBKDF2-SHA256 of 1,000 iterations, so that hashing does not hide
     * the rest of a login) and the members' join-table rows.
     */
    void prepare(AppUserTable table) throws Exception {
        table.addCheapHashUsers(MEMBER, users);
        table.addCheapHashUsers(NON_MEMBER, users);
        table.addMemberships(
                MEMBER,
                users,
                IntStream.rangeClosed(1, ROLES).mapToObj(i -> "APP_ROLE_" + i).toList(),
                GROUPS.stream().map(MembershipScenario::appGroup).toList());
    }

    /**
     * The two realms over {@code table}, each with the realm roles and groups, a groups claim on the login client and
     * the gateway's service account.
     */
    void createRealms(BenchRealms realms, AppUserTable table, String passwordPolicy) {
        Map<String, String> joins = new LinkedHashMap<>();
        joins.put("roleTable", "user_roles");
        joins.put(
                "roleNameMap",
                String.join(
                        "##",
                        IntStream.rangeClosed(1, ROLES)
                                .mapToObj(i -> "APP_ROLE_" + i + "=role-" + i)
                                .toList()));
        joins.put("groupTable", "user_groups");
        joins.put(
                "groupNameMap",
                String.join(
                        "##", GROUPS.stream().map(g -> appGroup(g) + "=/" + g).toList()));
        for (String realm : List.of(REALM, REALM_WITHOUT_JOINS)) {
            realms.createRealm(realm, passwordPolicy, List.of("jboss-logging"));
            realms.createRealmRoles(
                    realm,
                    IntStream.rangeClosed(1, ROLES).mapToObj(i -> "role-" + i).toList());
            realms.createGroups(realm, GROUPS);
            realms.addGroupsClaim(realm);
            realms.federate(realm, table, realm.equals(REALM) ? joins : Map.of());
        }
    }

    /** Fails unless a member's token of the join-table realm carries its 5 roles and 2 groups. */
    void checkToken(BenchClient client, KeycloakServer server) throws Exception {
        JsonNode claims = OidcClient.claims(
                client.passwordToken(server.realmUrl(REALM), AppUserTable.name(MEMBER, 0), AppUserTable.PASSWORD));
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        List<String> groups = new ArrayList<>();
        claims.path("groups").forEach(g -> groups.add(g.asText()));
        boolean allRoles = IntStream.rangeClosed(1, ROLES).allMatch(i -> roles.contains("role-" + i));
        if (!allRoles || !groups.containsAll(GROUPS.stream().map(g -> "/" + g).toList())) {
            throw new IllegalStateException("scenario 9: a member's token lacks its app roles or groups: roles " + roles
                    + ", groups " + groups);
        }
    }

    /** The realms whose gateway tokens {@link #comparisons} needs. */
    static List<String> realms() {
        return List.of(REALM, REALM_WITHOUT_JOINS);
    }

    /**
     * Login and resolve, each: users without rows (baseline), members, and users without rows where no join tables are
     * configured.
     *
     * @param gatewayTokens client-credentials tokens of {@link BenchRealms#GATEWAY}, by realm
     */
    List<Comparison> comparisons(Operations ops, Map<String, String> gatewayTokens) {
        List<String> members = names(MEMBER);
        List<String> nonMembers = names(NON_MEMBER);
        String setting = "Realm `" + REALM
                + "` federates the small table with `roleTable=user_roles`, `groupTable=user_groups` "
                + "and name maps (app names `APP_ROLE_1`…`APP_ROLE_5` → realm roles `role-1`…`role-5`, `APP_GROUP_STAFF` → "
                + "`/staff`, `APP_GROUP_CUSTOMERS` → `/customers`), read-only modes, cache policy DEFAULT; the login client "
                + "has a Group Membership mapper (`groups`, full paths). " + users + " users with 5 `user_roles` and 2 "
                + "`user_groups` rows each against " + users
                + " users without rows, round robin, all with PBKDF2-SHA256 "
                + "hashes of 1,000 iterations (so that hashing does not hide the rest). For context, the users without rows in "
                + "realm `" + REALM_WITHOUT_JOINS + "`: the same component and client without the join-table options.";
        String gw = gatewayTokens.get(REALM);
        String gwOff = gatewayTokens.get(REALM_WITHOUT_JOINS);
        return List.of(
                Comparison.of(
                        ID,
                        LOGIN,
                        setting + " A member's token was checked for its 5 roles and 2 groups before the run.",
                        List.of(
                                new Variant(WITHOUT, ops.passwordLogin(REALM, nonMembers)),
                                new Variant(WITH, ops.passwordLogin(REALM, members)),
                                new Variant(NOT_CONFIGURED, ops.passwordLogin(REALM_WITHOUT_JOINS, nonMembers)))),
                Comparison.of(
                        ID,
                        RESOLVE,
                        setting
                                + " `POST /realms/{realm}/identity/resolve` by email, every answer's app user id checked.",
                        List.of(
                                new Variant(WITHOUT, ops.resolveByEmail(REALM, nonMembers, gw)),
                                new Variant(WITH, ops.resolveByEmail(REALM, members, gw)),
                                new Variant(
                                        NOT_CONFIGURED, ops.resolveByEmail(REALM_WITHOUT_JOINS, nonMembers, gwOff)))));
    }

    /** The issue's target (with ÷ without ≥ 0.95) for both, and the join tables' cost for context. */
    static Targets addTargets(Targets targets) {
        return targets.throughputRatio(
                        "Login, users with 5 mapped roles and 2 groups ÷ without ≥ 0.95", LOGIN, WITH, WITHOUT, 0.95)
                .throughputRatio(
                        "`resolve`, users with 5 mapped roles and 2 groups ÷ without ≥ 0.95",
                        RESOLVE,
                        WITH,
                        WITHOUT,
                        0.95)
                .throughputRatioForContext(
                        "Login, users without rows, join tables configured ÷ not configured (no target)",
                        LOGIN,
                        WITHOUT,
                        NOT_CONFIGURED);
    }

    private List<String> names(String prefix) {
        return IntStream.range(0, users)
                .mapToObj(i -> AppUserTable.name(prefix, i))
                .toList();
    }

    private static String appGroup(String group) {
        return "APP_GROUP_" + group.toUpperCase(java.util.Locale.ROOT);
    }
}
