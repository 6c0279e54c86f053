package dev.identitybridge.it.imports;

import static dev.identitybridge.it.imports.ImportedRealms.SECRET_DB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.H2AppDatabase;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.harness.TcpProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A realm with an {@code external-users} component created from a file through the admin API ({@code POST
 * /admin/realms}, what the admin console's "Create realm" with a resource file does) and partial import, with the
 * app database reachable, unreachable, or named by an unresolved {@code ${…}} placeholder; and the admin's own saves,
 * which still check syntax and the database.
 */
@Tag("h2")
class AdminImportIT {

    private static KeycloakServer server;
    private static KeycloakAdmin admin;
    private static OidcClient oidc;
    private static H2AppDatabase db;

    @BeforeAll
    static void setUp() throws Exception {
        server = KeycloakServer.shared();
        admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
        db = new H2AppDatabase();
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        ImportedRealms.createSecretUser(db);
    }

    private static String createRealm(ObjectNode rep) {
        String name = rep.get("realm").asText();
        admin.delete("/realms/" + name);
        HttpResponse<String> created = admin.post("/realms", rep);
        assertThat(created.statusCode())
                .as("POST /admin/realms: %s", created.body())
                .isEqualTo(201);
        return name;
    }

    private static JsonNode storedComponent(String realm) {
        return ImportedRealms.storedComponent(admin, realm);
    }

    private static Map<String, String> flat(JsonNode component) {
        Map<String, String> config = new HashMap<>();
        component
                .get("config")
                .fields()
                .forEachRemaining(e -> config.put(
                        e.getKey(),
                        e.getValue().get(0) == null ? "" : e.getValue().get(0).asText()));
        return config;
    }

    private static long failedLoginMillis(String realm) {
        return ImportedRealms.failedLoginMillis(oidc, realm);
    }

    /** The rest of the realm keeps working: its endpoints and the admin API's user search (Keycloak-local users only). */
    private static void realmKeepsWorking(String realm) {
        assertThat(Http.send(
                                Http.client(),
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                server.realmUrl(realm) + "/.well-known/openid-configuration"))
                                        .build())
                        .statusCode())
                .isEqualTo(200);
        assertThat(admin.get("/realms/" + realm + "/users?search=h6").statusCode())
                .isEqualTo(200);
    }

    @Test
    void demoRealmFileAsShippedIsCreatedAndReportsItsPlaceholderUntilAnAdminEntersTheUrl() throws Exception {
        String realm = createRealm(ImportedRealms.asShipped("h6-import-as-shipped"));
        JsonNode component = storedComponent(realm);
        String id = component.get("id").asText();
        assertThat(component.get("config").get("jdbcUrl").get(0).asText()).startsWith("${IDB_APP_JDBC_URL:");

        assertThat(ImportedRealms.logLines(
                        server.logFile(), "(" + id + ") of realm " + realm + " was imported but cannot work yet"))
                .singleElement()
                .asString()
                .contains("WARN", "'app users'", "unresolved placeholder ${IDB_APP_JDBC_URL}");
        assertThat(failedLoginMillis(realm))
                .as("federated login fails fast (ms)")
                .isLessThan(3000);
        assertThat(ImportedRealms.logLines(
                        server.logFile(), "External users component 'app users' (" + id + ") of realm "))
                .anySatisfy(line -> assertThat(line)
                        .contains("WARN", "unresolved placeholder ${IDB_APP_JDBC_URL}", "Its users cannot log in"));
        realmKeepsWorking(realm);

        // the next save says what is wrong, and nothing is changed
        HttpResponse<String> resave = admin.updateComponent(realm, id, "app users", flat(component));
        assertThat(resave.statusCode()).as(resave.body()).isEqualTo(400);
        assertThat(Http.json(resave.body()).get("errorMessage").asText())
                .contains("JDBC URL is the unresolved placeholder ${IDB_APP_JDBC_URL}", "Enter the JDBC URL");

        Map<String, String> fixed = flat(component);
        fixed.put("jdbcUrl", db.keycloakJdbcUrl());
        fixed.put("dbUser", db.user());
        fixed.put("dbPassword", db.password());
        HttpResponse<String> saved = admin.updateComponent(realm, id, "app users", fixed);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(204);
        assertThat(oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode())
                .isEqualTo(200);
    }

    @Test
    void realmWhoseAppDatabaseIsReachableIsCreatedAndItsUsersLogIn() throws Exception {
        String realm = createRealm(ImportedRealms.pointingAt(
                "h6-import-reachable", db.keycloakJdbcUrl(), "H6_IMPORT", SECRET_DB_PASSWORD));
        String id = storedComponent(realm).get("id").asText();
        assertThat(ImportedRealms.logLines(
                        server.logFile(), "(" + id + ") of realm " + realm + " imported; its app database answers"))
                .hasSize(1);
        assertThat(oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode())
                .isEqualTo(200);
        assertThat(ImportedRealms.log(server)).doesNotContain(SECRET_DB_PASSWORD);
    }

    @Test
    void realmWhoseAppDatabaseIsUnreachableIsCreatedFailsFastAndRecoversOnItsOwn() throws Exception {
        try (TcpProxy proxy = ImportedRealms.proxyTo(db)) {
            proxy.cut();
            String realm = createRealm(ImportedRealms.pointingAt(
                    "h6-import-unreachable", ImportedRealms.throughProxy(db, proxy), "H6_IMPORT", SECRET_DB_PASSWORD));
            JsonNode component = storedComponent(realm);
            String id = component.get("id").asText();
            assertThat(ImportedRealms.logLines(
                            server.logFile(), "(" + id + ") of realm " + realm + " was imported but cannot work yet"))
                    .singleElement()
                    .asString()
                    .contains("WARN", "'app users'", "Cannot reach the app database");
            assertThat(failedLoginMillis(realm))
                    .as("federated login fails fast (ms)")
                    .isLessThan(8000);
            realmKeepsWorking(realm);

            HttpResponse<String> resave = admin.updateComponent(realm, id, "app users", flat(component));
            assertThat(resave.statusCode()).as(resave.body()).isEqualTo(400);
            assertThat(Http.json(resave.body()).get("errorMessage").asText()).contains("Cannot reach the app database");

            proxy.restore();
            ImportedRealms.await(
                    "federated login once the app database is back",
                    Duration.ofSeconds(20),
                    () -> oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode() == 200);
            assertThat(ImportedRealms.log(server)).doesNotContain(SECRET_DB_PASSWORD);
        }
    }

    @Test
    void anAdminsSaveStillChecksSyntaxAndTheDatabase() throws Exception {
        String realm = "h6-import-admin-saves";
        admin.createRealm(realm);
        Map<String, String> config = new HashMap<>(
                Map.of("jdbcUrl", db.keycloakJdbcUrl(), "dbUser", db.user(), "dbPassword", db.password()));

        Map<String, String> badSyntax = new HashMap<>(config);
        badSyntax.put("poolMinSize", "5");
        badSyntax.put("poolMaxSize", "2");
        HttpResponse<String> refused = admin.postComponent(realm, "bad syntax", badSyntax);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(Http.json(refused.body()).get("errorMessage").asText())
                .contains("Pool min size (5) must not exceed pool max size (2)");

        Map<String, String> placeholder = new HashMap<>(config);
        placeholder.put("jdbcUrl", "${APP_JDBC_URL:" + db.keycloakJdbcUrl() + "}");
        HttpResponse<String> placeholderRefused = admin.postComponent(realm, "placeholder", placeholder);
        assertThat(placeholderRefused.statusCode())
                .as(placeholderRefused.body())
                .isEqualTo(400);
        assertThat(Http.json(placeholderRefused.body()).get("errorMessage").asText())
                .contains("unresolved placeholder ${APP_JDBC_URL}");

        try (TcpProxy proxy = ImportedRealms.proxyTo(db)) {
            proxy.cut();
            Map<String, String> unreachable = new HashMap<>(config);
            unreachable.put("jdbcUrl", ImportedRealms.throughProxy(db, proxy));
            HttpResponse<String> down = admin.postComponent(realm, "unreachable", unreachable);
            assertThat(down.statusCode()).as(down.body()).isEqualTo(400);
            assertThat(Http.json(down.body()).get("errorMessage").asText()).contains("Cannot reach the app database");
        }
        assertThat(admin.componentCount(realm)).as("nothing refused was stored").isZero();

        Map<String, String> tableMissing = new HashMap<>(config);
        tableMissing.put("table", "no_such_users");
        assertThat(admin.postComponent(realm, "no table", tableMissing).statusCode())
                .isEqualTo(400);
        assertThat(admin.componentCount(realm)).isZero();

        String id = admin.createComponent(realm, "app users", config);
        Map<String, String> disabledDuringOutage = new HashMap<>(config);
        disabledDuringOutage.put("jdbcUrl", "jdbc:h2:tcp://127.0.0.1:1/mem:nothing_listens_here");
        disabledDuringOutage.put("enabled", "false");
        assertThat(admin.updateComponent(realm, id, "app users", disabledDuringOutage)
                        .statusCode())
                .as("an admin may disable a component whose database is down")
                .isEqualTo(204);
    }

    @Test
    void partialImportLeavesComponentsOutAndWorksWithTheAppDatabaseUpOrDown() throws Exception {
        String realm = createRealm(
                ImportedRealms.pointingAt("h6-import-partial", db.keycloakJdbcUrl(), db.user(), db.password()));
        ObjectNode file =
                ImportedRealms.pointingAt("h6-import-partial", "jdbc:h2:tcp://127.0.0.1:1/mem:elsewhere", "sa", "");
        file.remove("users");
        file.remove("clients");
        file.putArray("groups").addObject().put("name", "h6-partial-group").put("path", "/h6-partial-group");
        file.putArray("users").addObject().put("username", "alice").put("enabled", true);
        ((ObjectNode) file.get("users").get(0)).putArray("groups").add("/h6-partial-group");
        file.withArray("users").addObject().put("username", "h6-partial-local").put("enabled", true);
        file.put("ifResourceExists", "SKIP");

        HttpResponse<String> up = admin.post("/realms/" + realm + "/partialImport", file);
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        JsonNode results = Http.json(up.body()).get("results");
        assertThat(results.findValuesAsText("resourceType")).doesNotContain("COMPONENT");
        assertThat(results)
                .anySatisfy(r -> assertThat(r.get("resourceName").asText() + " "
                                + r.get("action").asText())
                        .isEqualTo("alice SKIPPED")); // found in the app table through the component
        assertThat(results)
                .anySatisfy(r -> assertThat(r.get("resourceName").asText() + " "
                                + r.get("action").asText())
                        .isEqualTo("h6-partial-local ADDED"));
        JsonNode component = storedComponent(realm);
        assertThat(component.get("config").get("jdbcUrl").get(0).asText())
                .as("components are not part of a partial import")
                .isEqualTo(db.keycloakJdbcUrl());

        try (TcpProxy proxy = ImportedRealms.proxyTo(db)) {
            Map<String, String> viaProxy = flat(component);
            viaProxy.put("jdbcUrl", ImportedRealms.throughProxy(db, proxy));
            assertThat(admin.updateComponent(realm, component.get("id").asText(), "app users", viaProxy)
                            .statusCode())
                    .isEqualTo(204);
            proxy.cut();
            ObjectNode groupsOnly = file.deepCopy();
            groupsOnly.remove("users");
            groupsOnly
                    .putArray("groups")
                    .addObject()
                    .put("name", "h6-partial-group-2")
                    .put("path", "/h6-partial-group-2");
            HttpResponse<String> down = admin.post("/realms/" + realm + "/partialImport", groupsOnly);
            assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
            assertThat(Http.json(down.body()).get("added").asInt()).isEqualTo(1);
            assertThat(admin.componentCount(realm)).isEqualTo(1);
        }
    }
}
