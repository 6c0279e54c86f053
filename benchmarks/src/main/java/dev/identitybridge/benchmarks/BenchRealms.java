package dev.identitybridge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets up the benchmark's realms through the admin REST API: federated realms over an app table, realms of
 * Keycloak-local users for the baselines, and the clients and service accounts that call each API.
 */
public final class BenchRealms {

    /** Confidential client with a service account: {@code resolve-users} and realm-management {@code view-users}. */
    public static final String GATEWAY = "bench-gateway";

    public static final String GATEWAY_SECRET = "bench-secret";
    /** Public client for password grants (created by the harness in every realm). */
    public static final String LOGIN_CLIENT = "it-direct-grant";

    private final KeycloakAdmin admin;

    public BenchRealms(KeycloakAdmin admin) {
        this.admin = admin;
    }

    /**
     * A realm with long-lived tokens and sessions (the run must not renew them), the given password policy and
     * event listeners, and the gateway client.
     */
    public void createRealm(String realm, String passwordPolicy, List<String> listeners) {
        createRealm(realm, passwordPolicy, listeners, false);
    }

    /** The same; with {@code saveEvents}, Keycloak's own event store (the JPA {@code EVENT_ENTITY} table) is on. */
    public void createRealm(String realm, String passwordPolicy, List<String> listeners, boolean saveEvents) {
        admin.createRealm(realm);
        Map<String, Object> settings = new HashMap<>(Map.of(
                "accessTokenLifespan",
                3600,
                "ssoSessionIdleTimeout",
                36000,
                "ssoSessionMaxLifespan",
                36000,
                "eventsListeners",
                listeners,
                "eventsEnabled",
                saveEvents));
        if (passwordPolicy != null) {
            settings.put("passwordPolicy", passwordPolicy);
        }
        check(admin.put("/realms/" + realm, settings), 204, "realm settings");
        check(
                admin.post(
                        "/realms/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                "identity-bridge",
                                "publicClient",
                                false,
                                "standardFlowEnabled",
                                false,
                                "directAccessGrantsEnabled",
                                false)),
                201,
                "identity-bridge client");
        check(
                admin.post(clientPath(realm, "identity-bridge") + "/roles", Map.of("name", "resolve-users")),
                201,
                "resolve-users role");
        check(
                admin.post(
                        "/realms/" + realm + "/clients",
                        Map.of(
                                "clientId",
                                GATEWAY,
                                "publicClient",
                                false,
                                "secret",
                                GATEWAY_SECRET,
                                "serviceAccountsEnabled",
                                true,
                                "standardFlowEnabled",
                                false,
                                "directAccessGrantsEnabled",
                                false)),
                201,
                "gateway client");
        grant(realm, "identity-bridge", "resolve-users");
        grant(realm, "realm-management", "view-users");
    }

    /** The {@code external-users} component over {@code table}: writable (for bootstrap), hashes left as they are. */
    public String federate(String realm, AppUserTable table) {
        return federate(realm, table, Map.of());
    }

    /** The same with further component options (e.g. the join tables of scenario 9). */
    public String federate(String realm, AppUserTable table, Map<String, String> options) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jdbcUrl", table.jdbcUrl());
        config.put("dbUser", table.user());
        config.put("dbPassword", "");
        config.put("poolMinSize", "2");
        config.put("poolMaxSize", "16");
        config.put("editMode", "WRITABLE");
        config.put("syncRegistrations", "false");
        config.put("rehashOnLogin", "false");
        config.putAll(options);
        return admin.createComponent(realm, "app users", config);
    }

    /** Realm roles of these names. */
    public void createRealmRoles(String realm, List<String> names) {
        names.forEach(name ->
                check(admin.post("/realms/" + realm + "/roles", Map.of("name", name)), 201, "realm role " + name));
    }

    /** Top-level groups of these names. */
    public void createGroups(String realm, List<String> names) {
        names.forEach(
                name -> check(admin.post("/realms/" + realm + "/groups", Map.of("name", name)), 201, "group " + name));
    }

    /** Keycloak's Group Membership mapper (claim {@code groups}, full paths) on {@link #LOGIN_CLIENT}'s tokens. */
    public void addGroupsClaim(String realm) {
        check(
                admin.post(
                        clientPath(realm, LOGIN_CLIENT) + "/protocol-mappers/models",
                        Map.of(
                                "name",
                                "groups",
                                "protocol",
                                "openid-connect",
                                "protocolMapper",
                                "oidc-group-membership-mapper",
                                "config",
                                Map.of("claim.name", "groups", "full.path", "true", "access.token.claim", "true"))),
                201,
                "groups mapper");
    }

    /** Lets the admin API return attributes that the user profile does not declare (such as {@code app_user_id}). */
    public void allowUnmanagedAttributes(String realm) {
        ObjectNode profile = (ObjectNode) admin.getJson("/realms/" + realm + "/users/profile");
        profile.put("unmanagedAttributePolicy", "ENABLED");
        check(admin.put("/realms/" + realm + "/users/profile", profile), 200, "user profile");
    }

    /**
     * Imports Keycloak-local users {@code user<i>} for {@code i} in [from, to) through partial import, in batches;
     * with {@code appUserIds} each carries the attribute {@code app_user_id}, with a password the first
     * {@code withPassword} get {@link AppUserTable#PASSWORD}, hashed by Keycloak under the realm's policy.
     */
    public void importLocalUsers(String realm, String prefix, int from, int to, boolean appUserIds, int withPassword) {
        for (int start = from; start < to; start += 2000) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (int i = start; i < Math.min(to, start + 2000); i++) {
                String username = String.format("%s%07d", prefix, i);
                Map<String, Object> user = new HashMap<>(Map.of(
                        "username",
                        username,
                        "email",
                        username + "@example.org",
                        "emailVerified",
                        true,
                        "enabled",
                        true,
                        "firstName",
                        "Bench",
                        "lastName",
                        "User " + i));
                if (appUserIds) {
                    user.put("attributes", Map.of("app_user_id", List.of(AppUserTable.appId(i))));
                }
                if (i - from < withPassword) {
                    user.put(
                            "credentials",
                            List.of(Map.of("type", "password", "value", AppUserTable.PASSWORD, "temporary", false)));
                }
                users.add(user);
            }
            check(
                    admin.post(
                            "/realms/" + realm + "/partialImport", Map.of("ifResourceExists", "FAIL", "users", users)),
                    200,
                    "partial import into " + realm);
        }
    }

    /** Sets {@link AppUserTable#PASSWORD} for a user through the admin API (Keycloak hashes it under the realm's policy). */
    public void setPassword(String realm, String username) {
        String id = admin.getJson("/realms/" + realm + "/users?exact=true&username=" + username)
                .get(0)
                .get("id")
                .asText();
        check(
                admin.put(
                        "/realms/" + realm + "/users/" + id + "/reset-password",
                        Map.of("type", "password", "value", AppUserTable.PASSWORD, "temporary", false)),
                204,
                "password of " + username);
    }

    private void grant(String realm, String roleClient, String role) {
        String userId = admin.getJson(clientPath(realm, GATEWAY) + "/service-account-user")
                .get("id")
                .asText();
        String roleClientId = clientUuid(realm, roleClient);
        JsonNode roleRep = admin.getJson("/realms/" + realm + "/clients/" + roleClientId + "/roles/" + role);
        check(
                admin.post(
                        "/realms/" + realm + "/users/" + userId + "/role-mappings/clients/" + roleClientId,
                        List.of(Http.JSON.convertValue(roleRep, Map.class))),
                204,
                "grant " + role);
    }

    private String clientPath(String realm, String clientId) {
        return "/realms/" + realm + "/clients/" + clientUuid(realm, clientId);
    }

    private String clientUuid(String realm, String clientId) {
        return admin.getJson("/realms/" + realm + "/clients?clientId=" + clientId)
                .get(0)
                .get("id")
                .asText();
    }

    private static void check(HttpResponse<String> response, int expected, String what) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
