package dev.identitybridge.it.joins;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.DatabaseLegSuite;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakDatabase;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.outbox.OutboxRows;
import dev.identitybridge.it.outbox.OutboxRows.Row;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Roles and groups from the app's join tables (the reference schema's {@code user_roles} and {@code user_groups}, next
 * to its {@code users} table) against a real Keycloak, once per app database. The server is this suite's own, shared by the
 * legs: metrics on (the unknown-role counter), a user cache bound of {@value #CACHE_SECONDS} s (cache expiry with
 * cache policy DEFAULT), and the outbox listener with admin events on, writing into Keycloak's own database (an H2 file
 * the test reads too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class JoinTablesSuite extends DatabaseLegSuite {

    static final int CACHE_SECONDS = 6;
    private static KeycloakServer server;
    private static KeycloakDatabase keycloakDb;

    private KeycloakAdmin admin;
    private OidcClient oidc;
    private AppDatabase db;
    private String realm;
    private String componentId;

    private static final String ALICE = "6f1c2a4e-0001-4000-8000-000000000001";
    private static final String BOB = "6f1c2a4e-0001-4000-8000-000000000002";
    private static final String CAROL = "6f1c2a4e-0001-4000-8000-000000000003";
    private static final String DAVE = "6f1c2a4e-0001-4000-8000-000000000004";
    private static final String LOCAL_USER = "local-staff";

    static synchronized KeycloakServer server() {
        if (server == null) {
            Path work = Path.of(System.getProperty("it.work.dir", "target/it-work"), "joins");
            keycloakDb = KeycloakDatabase.h2(work.resolve("keycloak-db"));
            try {
                keycloakDb.recreate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            List<String> options = new ArrayList<>(keycloakDb.serverOptions());
            options.addAll(List.of(
                    "--metrics-enabled=true",
                    "--spi-storage--external-users--user-cache-max-age=" + CACHE_SECONDS + "s",
                    "--spi-events-listener--outbox--admin-events=true"));
            server = KeycloakServer.start(KeycloakServer.distribution("joins"), work, options);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    @BeforeAll
    void setUp() throws Exception {
        admin = new KeycloakAdmin(server());
        oidc = new OidcClient(server());
        db = databaseLeg.appDatabase("joins_it");
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        // the reference schema's join tables, with this suite's rows instead of the demo ones
        db.execute(
                "DELETE FROM user_roles",
                "DELETE FROM user_groups",
                "CREATE TABLE bare_groups (user_id VARCHAR(64) NOT NULL, group_name VARCHAR(200) NOT NULL)",
                "INSERT INTO user_roles (user_id, role_name) VALUES ('" + ALICE + "', 'ADMIN'), ('" + ALICE
                        + "', 'viewer'), ('" + ALICE + "', 'ghost'), ('" + ALICE + "', 'buyer'), ('" + BOB
                        + "', 'viewer')",
                "INSERT INTO user_groups (user_id, group_name) VALUES ('" + ALICE + "', 'STAFF'), ('" + ALICE
                        + "', '/sales/eu'), ('" + BOB + "', '/staff')");
        realm = "joins-" + leg();
        admin.createRealm(realm);
        for (String role : List.of("admin", "viewer", "editor", "keycloak-only")) {
            created(admin.post("/realms/" + realm + "/roles", Map.of("name", role)));
        }
        created(admin.post("/realms/" + realm + "/clients", Map.of("clientId", "shop", "publicClient", true)));
        created(admin.post("/realms/" + realm + "/clients/" + clientUuid("shop") + "/roles", Map.of("name", "buyer")));
        created(admin.post("/realms/" + realm + "/groups", Map.of("name", "staff")));
        created(admin.post("/realms/" + realm + "/groups", Map.of("name", "other")));
        created(admin.post("/realms/" + realm + "/groups", Map.of("name", "sales")));
        created(admin.post("/realms/" + realm + "/groups/" + groupId("/sales") + "/children", Map.of("name", "eu")));
        created(admin.post(
                "/realms/" + realm + "/clients/" + clientUuid(OidcClient.DIRECT_GRANT_CLIENT)
                        + "/protocol-mappers/models",
                Map.of(
                        "name", "groups",
                        "protocol", "openid-connect",
                        "protocolMapper", "oidc-group-membership-mapper",
                        "config",
                                Map.of(
                                        "claim.name", "groups",
                                        "full.path", "true",
                                        "access.token.claim", "true",
                                        "id.token.claim", "true"))));
        created(admin.post("/realms/" + realm + "/users", Map.of("username", LOCAL_USER, "enabled", true)));
        // admin events on, with their representations (the outbox rows name the roles), to the outbox listener
        HttpResponse<String> events = admin.put(
                "/realms/" + realm + "/events/config",
                Map.of(
                        "eventsListeners", List.of("jboss-logging", "outbox"),
                        "adminEventsEnabled", true,
                        "adminEventsDetailsEnabled", true));
        assertThat(events.statusCode()).as(events.body()).isEqualTo(204);
        componentId = admin.createComponent(realm, "app users", config(Map.of()));
    }

    private Map<String, String> config(Map<String, String> changes) {
        Map<String, String> config = new HashMap<>(db.componentConfig(2));
        config.put("cachePolicy", "NO_CACHE");
        config.put("roleTable", "user_roles");
        config.put("roleNameMap", "ADMIN=admin");
        config.put("groupTable", "user_groups");
        config.put("groupNameMap", "STAFF=/staff");
        // a key left out of an update keeps its stored value in Keycloak: the defaults are sent explicitly (an empty
        // value removes the key)
        config.put("roleClient", "");
        config.put("roleMode", "READ_ONLY");
        config.put("groupMode", "READ_ONLY");
        config.putAll(changes);
        return config;
    }

    private void reconfigure(Map<String, String> changes) {
        HttpResponse<String> response = admin.updateComponent(realm, componentId, "app users", config(changes));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static void created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private String clientUuid(String clientId) {
        return admin.getJson("/realms/" + realm + "/clients?clientId=" + clientId)
                .get(0)
                .get("id")
                .asText();
    }

    private String groupId(String path) {
        return admin.getJson("/realms/" + realm + "/group-by-path" + path)
                .get("id")
                .asText();
    }

    private String userPath(String appId) {
        return "/realms/" + realm + "/users/" + Http.encode("f:" + componentId + ":" + appId);
    }

    private JsonNode token(String username) {
        HttpResponse<String> response = oidc.passwordGrant(realm, username, DemoUsers.PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OidcClient.claims(Http.json(response.body()).get("access_token").asText());
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        if (array != null) {
            array.forEach(
                    v -> values.add(v.isTextual() ? v.asText() : v.get("name").asText()));
        }
        return values;
    }

    private Set<String> realmRoles(String username) {
        return texts(token(username).path("realm_access").get("roles"));
    }

    private Map<String, Object> realmRole(String name) {
        JsonNode role = admin.getJson("/realms/" + realm + "/roles/" + name);
        return Map.of("id", role.get("id").asText(), "name", name);
    }

    private int rows(String table, String userId, String name) throws Exception {
        String column = table.equals("user_roles") ? "role_name" : "group_name";
        return db.count("SELECT COUNT(*) FROM " + table + " WHERE user_id = ? AND " + column + " = ?", userId, name);
    }

    @Test
    @Order(1)
    void theSaveRefusesAMissingTableAndLogsAMissingIndex() throws Exception {
        HttpResponse<String> refused =
                admin.postComponent(realm, "missing", config(Map.of("roleTable", "no_such_roles")));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("Table 'no_such_roles' was not found in the database.");
        HttpResponse<String> noClient = admin.postComponent(realm, "no client", config(Map.of("roleClient", "nope")));
        assertThat(noClient.statusCode()).as(noClient.body()).isEqualTo(400);
        assertThat(noClient.body()).contains("Client 'nope' (option roleClient) does not exist in this realm.");
        // saved all the same: the missing indexes are reported in the server log
        String id = admin.createComponent(
                realm, "unindexed " + leg(), config(Map.of("groupTable", "bare_groups", "priority", "9")));
        admin.delete("/realms/" + realm + "/components/" + id);
        String log = Files.readString(server().logFile());
        assertThat(log)
                .contains("groupTable 'bare_groups' has no index on user_id (read with every user load); create it "
                        + "with: CREATE INDEX ix_bare_groups_user_id ON bare_groups (user_id)")
                .contains("CREATE INDEX ix_bare_groups_group_name ON bare_groups (group_name)")
                // the reference tables' primary keys lead with user_id: nothing to report for them
                .doesNotContain("roleTable 'user_roles' has no index")
                .doesNotContain("groupTable 'user_groups' has no index");
    }

    @Test
    @Order(2)
    void appRolesMappedOrNotAreInTheTokenAndTheAdminApi() {
        Set<String> roles = realmRoles("alice");
        // next to the realm's default roles (offline_access, uma_authorization), which Keycloak adds itself
        assertThat(roles).contains("admin", "viewer", "offline_access").doesNotContain("ADMIN", "ghost");
        assertThat(texts(admin.getJson(userPath(ALICE) + "/role-mappings/realm")))
                .contains("admin", "viewer")
                .doesNotContain("editor", "keycloak-only");
        assertThat(realmRoles("bob")).contains("viewer").doesNotContain("admin");
        assertThat(realmRoles("carol")).doesNotContain("admin", "viewer");
    }

    @Test
    @Order(3)
    void unknownAppRolesAreIgnoredAndCounted() {
        double before = unknownAppRoles();
        realmRoles("alice"); // "ghost" and, as a realm role, "buyer" name no role of the realm
        assertThat(unknownAppRoles()).isGreaterThanOrEqualTo(before + 2);
    }

    @Test
    @Order(4)
    void clientRolesGoToResourceAccess() {
        reconfigure(Map.of("roleClient", "shop"));
        try {
            JsonNode claims = token("alice");
            assertThat(texts(claims.path("resource_access").path("shop").get("roles")))
                    .containsExactly("buyer");
            assertThat(texts(claims.path("realm_access").get("roles"))).doesNotContain("admin", "viewer");
            assertThat(texts(admin.getJson(userPath(ALICE) + "/role-mappings/clients/" + clientUuid("shop"))))
                    .containsExactly("buyer");
        } finally {
            reconfigure(Map.of());
        }
    }

    @Test
    @Order(5)
    void groupsAreInTheGroupMembershipClaim() {
        assertThat(texts(token("alice").get("groups"))).contains("/staff", "/sales/eu");
        assertThat(texts(token("bob").get("groups"))).containsExactly("/staff");
        assertThat(texts(admin.getJson(userPath(ALICE) + "/groups")).size()).isEqualTo(2);
    }

    @Test
    @Order(6)
    void readOnlyRefusesChangesOfAppMembershipsReadably() {
        HttpResponse<String> remove =
                admin.delete(userPath(ALICE) + "/role-mappings/realm", List.of(realmRole("admin")));
        assertThat(remove.statusCode()).as(remove.body()).isEqualTo(400);
        assertThat(Http.json(remove.body()).get("errorMessage").asText())
                .isEqualTo("The role 'admin' of this user comes from the app's role table, which is read-only "
                        + "(roleMode READ_ONLY): it can only be removed in the app.");
        HttpResponse<String> grant = admin.post(userPath(CAROL) + "/role-mappings/realm", List.of(realmRole("admin")));
        assertThat(grant.statusCode()).as(grant.body()).isEqualTo(400);
        assertThat(grant.body()).contains("it can only be added in the app");
        HttpResponse<String> leave = admin.delete(userPath(ALICE) + "/groups/" + groupId("/staff"));
        assertThat(leave.statusCode()).as(leave.body()).isEqualTo(400);
        assertThat(leave.body()).contains("The group '/staff' of this user comes from the app's group table");
        HttpResponse<String> join = admin.put(userPath(CAROL) + "/groups/" + groupId("/staff"), Map.of());
        assertThat(join.statusCode()).as(join.body()).isEqualTo(400);
        assertThat(realmRoles("alice")).contains("admin");

        // roles and groups the table does not decide are Keycloak's, as before
        HttpResponse<String> local =
                admin.post(userPath(CAROL) + "/role-mappings/realm", List.of(realmRole("keycloak-only")));
        assertThat(local.statusCode()).as(local.body()).isEqualTo(204);
        assertThat(realmRoles("carol")).contains("keycloak-only");
        assertThat(admin.delete(userPath(CAROL) + "/role-mappings/realm", List.of(realmRole("keycloak-only")))
                        .statusCode())
                .isEqualTo(204);
        assertThat(realmRoles("carol")).doesNotContain("keycloak-only");
        assertThat(admin.put(userPath(CAROL) + "/groups/" + groupId("/other"), Map.of())
                        .statusCode())
                .isEqualTo(204);
        assertThat(texts(token("carol").get("groups"))).containsExactly("/other");
        assertThat(admin.delete(userPath(CAROL) + "/groups/" + groupId("/other"))
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    @Order(7)
    void groupMembersPageLocalAndAppUsersTogether() {
        String staff = groupId("/staff");
        String localId = admin.getJson("/realms/" + realm + "/users?exact=true&username=" + LOCAL_USER)
                .get(0)
                .get("id")
                .asText();
        assertThat(admin.put("/realms/" + realm + "/users/" + localId + "/groups/" + staff, Map.of())
                        .statusCode())
                .isEqualTo(204);
        List<String> paged = new ArrayList<>();
        for (int first = 0; first < 6; first += 2) {
            JsonNode page =
                    admin.getJson("/realms/" + realm + "/groups/" + staff + "/members?first=" + first + "&max=2");
            assertThat(page.size()).as("page at %d", first).isLessThanOrEqualTo(2);
            page.forEach(user -> paged.add(user.get("username").asText()));
        }
        assertThat(paged).containsExactlyInAnyOrder(LOCAL_USER, "alice", "bob");
        JsonNode all = admin.getJson("/realms/" + realm + "/groups/" + staff + "/members?first=0&max=10");
        assertThat(all.size()).isEqualTo(3);
        JsonNode sales = admin.getJson("/realms/" + realm + "/groups/" + groupId("/sales/eu") + "/members");
        assertThat(sales.size()).isEqualTo(1);
        assertThat(sales.get(0).get("username").asText()).isEqualTo("alice");
    }

    @Test
    @Order(8)
    void aRemovedRoleIsGoneAtTheNextLoginWithoutCache() throws Exception {
        db.execute("INSERT INTO user_roles (user_id, role_name) VALUES ('" + BOB + "', 'editor')");
        assertThat(realmRoles("bob")).contains("editor");
        db.execute("DELETE FROM user_roles WHERE user_id = '" + BOB + "' AND role_name = 'editor'");
        assertThat(realmRoles("bob")).doesNotContain("editor");
    }

    @Test
    @Order(9)
    void aRemovedRoleIsGoneAfterCacheExpiryWithTheDefaultPolicy() throws Exception {
        reconfigure(Map.of("cachePolicy", "DEFAULT"));
        try {
            db.execute("INSERT INTO user_roles (user_id, role_name) VALUES ('" + BOB + "', 'editor')");
            Thread.sleep((CACHE_SECONDS + 1) * 1000L); // nothing of bob cached from before
            assertThat(realmRoles("bob")).contains("editor");
            db.execute("DELETE FROM user_roles WHERE user_id = '" + BOB + "' AND role_name = 'editor'");
            long deadline = System.currentTimeMillis() + (CACHE_SECONDS + 2) * 1000L;
            Set<String> roles = realmRoles("bob");
            while (roles.contains("editor") && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                roles = realmRoles("bob");
            }
            assertThat(roles)
                    .as("roles after the cache bound")
                    .doesNotContain("editor")
                    .contains("viewer");
        } finally {
            reconfigure(Map.of());
        }
    }

    @Test
    @Order(10)
    void writableWritesAndDeletesRows() throws Exception {
        reconfigure(Map.of("roleMode", "WRITABLE", "groupMode", "WRITABLE"));
        try {
            assertThat(admin.post(userPath(CAROL) + "/role-mappings/realm", List.of(realmRole("admin")))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(admin.post(userPath(CAROL) + "/role-mappings/realm", List.of(realmRole("editor")))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(rows("user_roles", CAROL, "ADMIN")).isEqualTo(1);
            assertThat(rows("user_roles", CAROL, "editor")).isEqualTo(1);
            assertThat(realmRoles("carol")).contains("admin", "editor");
            assertThat(admin.delete(userPath(CAROL) + "/role-mappings/realm", List.of(realmRole("admin")))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(rows("user_roles", CAROL, "ADMIN")).isZero();
            assertThat(realmRoles("carol")).doesNotContain("admin").contains("editor");

            assertThat(admin.put(userPath(CAROL) + "/groups/" + groupId("/staff"), Map.of())
                            .statusCode())
                    .isEqualTo(204);
            assertThat(admin.put(userPath(CAROL) + "/groups/" + groupId("/sales/eu"), Map.of())
                            .statusCode())
                    .isEqualTo(204);
            assertThat(rows("user_groups", CAROL, "STAFF")).isEqualTo(1);
            assertThat(rows("user_groups", CAROL, "/sales/eu")).isEqualTo(1);
            assertThat(texts(token("carol").get("groups"))).contains("/staff", "/sales/eu");
            assertThat(admin.delete(userPath(CAROL) + "/groups/" + groupId("/staff"))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(rows("user_groups", CAROL, "STAFF")).isZero();
            assertThat(texts(token("carol").get("groups"))).containsExactly("/sales/eu");
        } finally {
            reconfigure(Map.of());
        }
    }

    /**
     * The attack: whoever writes the app's join tables (its sign-up, its support staff, a realm admin's mapping) tries
     * to hand a user Keycloak's administration rights: a role of {@code realm-management}, a realm role composed of
     * one, a group holding one. None reaches the token, the admin API's view or the admin API itself.
     */
    @Test
    @Order(11)
    void appTablesNeverGrantKeycloakAdministrationRights() throws Exception {
        String management = clientUuid("realm-management");
        JsonNode manageUsers = admin.getJson("/realms/" + realm + "/clients/" + management + "/roles/manage-users");
        JsonNode viewUsers = admin.getJson("/realms/" + realm + "/clients/" + management + "/roles/view-users");
        created(admin.post("/realms/" + realm + "/roles", Map.of("name", "ops")));
        assertThat(admin.post(
                                "/realms/" + realm + "/roles/ops/composites",
                                List.of(Map.of("id", manageUsers.get("id").asText())))
                        .statusCode())
                .isEqualTo(204);
        created(admin.post("/realms/" + realm + "/groups", Map.of("name", "admins")));
        assertThat(admin.post(
                                "/realms/" + realm + "/groups/" + groupId("/admins") + "/role-mappings/clients/"
                                        + management,
                                List.of(Map.of("id", viewUsers.get("id").asText(), "name", "view-users")))
                        .statusCode())
                .isEqualTo(204);
        db.execute(
                "INSERT INTO user_roles (user_id, role_name) VALUES ('" + CAROL + "', 'ops')",
                "INSERT INTO user_groups (user_id, group_name) VALUES ('" + CAROL + "', 'admins')");
        double refusedBefore = appNameCounter("identity_bridge_refused_app_roles_total");
        try {
            JsonNode claims = token("carol");
            assertThat(texts(claims.path("realm_access").get("roles"))).doesNotContain("ops");
            assertThat(claims.path("resource_access").has("realm-management")).isFalse();
            assertThat(texts(claims.get("groups"))).doesNotContain("/admins");
            assertThat(texts(admin.getJson(userPath(CAROL) + "/role-mappings/realm")))
                    .doesNotContain("ops");
            assertThat(texts(admin.getJson(userPath(CAROL) + "/groups"))).doesNotContain("admins");
            assertThat(adminApiStatus(carolsAccessToken())).isEqualTo(403);
            assertThat(appNameCounter("identity_bridge_refused_app_roles_total"))
                    .isGreaterThan(refusedBefore);
            assertThat(appNameCounter("identity_bridge_refused_app_groups_total"))
                    .isPositive();

            // the mapping itself points at realm-management: its roles are refused as well
            reconfigure(Map.of("roleClient", "realm-management"));
            db.execute("INSERT INTO user_roles (user_id, role_name) VALUES ('" + CAROL + "', 'realm-admin')");
            assertThat(token("carol").path("resource_access").has("realm-management"))
                    .isFalse();
            assertThat(texts(admin.getJson(userPath(CAROL) + "/role-mappings/clients/" + management)))
                    .isEmpty();
            assertThat(adminApiStatus(carolsAccessToken())).isEqualTo(403);

            // granted by a Keycloak admin, in WRITABLE mode: Keycloak's own grant, never an app row
            reconfigure(Map.of("roleMode", "WRITABLE"));
            assertThat(admin.post(userPath(CAROL) + "/role-mappings/realm", List.of(realmRole("ops")))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(rows("user_roles", CAROL, "ops")).isEqualTo(1); // only the row inserted above
            assertThat(realmRoles("carol")).contains("ops");
            assertThat(admin.delete(userPath(CAROL) + "/role-mappings/realm", List.of(realmRole("ops")))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(realmRoles("carol")).doesNotContain("ops");
        } finally {
            db.execute(
                    "DELETE FROM user_roles WHERE user_id = '" + CAROL + "' AND role_name IN ('ops', 'realm-admin')",
                    "DELETE FROM user_groups WHERE user_id = '" + CAROL + "' AND group_name = 'admins'");
            reconfigure(Map.of());
        }
    }

    private String carolsAccessToken() {
        HttpResponse<String> response = oidc.passwordGrant(realm, "carol", DemoUsers.PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response.body()).get("access_token").asText();
    }

    /** A user's own call of the admin API: 403 for a user without administration rights. */
    private int adminApiStatus(String accessToken) {
        return Http.send(
                        Http.client(),
                        HttpRequest.newBuilder(URI.create(server().baseUrl() + "/admin/realms/" + realm + "/users"))
                                .header("Authorization", "Bearer " + accessToken)
                                .GET()
                                .build())
                .statusCode();
    }

    @Test
    @Order(12)
    void roleAndGroupChangesOfAFederatedUserAreInTheOutboxOnceEach() throws Exception {
        OutboxRows outbox = new OutboxRows(keycloakDb);
        String dave = "f:" + componentId + ":" + DAVE;
        List<Row> before = outbox.ofAggregate(dave);
        // refused in READ_ONLY: nothing changed, nothing written
        assertThat(admin.post(userPath(DAVE) + "/role-mappings/realm", List.of(realmRole("admin")))
                        .statusCode())
                .isEqualTo(400);
        assertThat(outbox.ofAggregate(dave)).hasSameSizeAs(before);

        reconfigure(Map.of("roleMode", "WRITABLE", "groupMode", "WRITABLE"));
        try {
            assertThat(admin.post(userPath(DAVE) + "/role-mappings/realm", List.of(realmRole("admin")))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(rows("user_roles", DAVE, "ADMIN")).isEqualTo(1);
            assertThat(admin.delete(userPath(DAVE) + "/role-mappings/realm", List.of(realmRole("admin")))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(rows("user_roles", DAVE, "ADMIN")).isZero();
            assertThat(admin.put(userPath(DAVE) + "/groups/" + groupId("/staff"), Map.of())
                            .statusCode())
                    .isEqualTo(204);
            assertThat(rows("user_groups", DAVE, "STAFF")).isEqualTo(1);
            assertThat(admin.delete(userPath(DAVE) + "/groups/" + groupId("/staff"))
                            .statusCode())
                    .isEqualTo(204);
            assertThat(rows("user_groups", DAVE, "STAFF")).isZero();
        } finally {
            reconfigure(Map.of());
        }

        List<Row> added = OutboxRows.added(before, outbox.ofAggregate(dave));
        assertThat(OutboxRows.types(added))
                .containsExactly(
                        "identity.admin.user.role-granted.v1",
                        "identity.admin.user.role-revoked.v1",
                        "identity.admin.user.group-added.v1",
                        "identity.admin.user.group-removed.v1");
        for (Row row : added) {
            assertThat(row.payload().get("authId").asText()).isEqualTo(dave);
            assertThat(row.payload().get("userId").asText())
                    .as("the app user id of the federated user")
                    .isEqualTo(DAVE);
            assertThat(row.realmId()).isEqualTo(admin.realmId(realm));
        }
        assertThat(texts(added.get(0).payload().get("roleNames"))).containsExactly("admin");
        assertThat(texts(added.get(1).payload().get("roleNames"))).containsExactly("admin");
        assertThat(added.get(2).payload().get("groupPath").asText()).isEqualTo("/staff");
        assertThat(added.get(3).payload().get("groupPath").asText()).isEqualTo("/staff");
    }

    /** {@code identity_bridge_unknown_app_roles_total} of this leg's realm, 0 before the first one. */
    private double unknownAppRoles() {
        return appNameCounter("identity_bridge_unknown_app_roles_total");
    }

    /** A counter of this leg's realm from {@code /metrics}, 0 before the first count. */
    private double appNameCounter(String name) {
        HttpResponse<String> response = Http.send(
                Http.client(),
                HttpRequest.newBuilder(URI.create(server().managementUrl() + "/metrics"))
                        .GET()
                        .build());
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher line = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(response.body());
        double total = 0;
        while (line.find()) {
            if (line.group(1).contains("realm=\"" + realm + "\"")) {
                total += Double.parseDouble(line.group(2));
            }
        }
        return total;
    }
}
