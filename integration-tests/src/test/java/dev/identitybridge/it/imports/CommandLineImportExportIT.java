package dev.identitybridge.it.imports;

import static dev.identitybridge.it.imports.ImportedRealms.SECRET_DB_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.H2AppDatabase;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakDatabase;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.harness.TcpProxy;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Realms with an {@code external-users} component imported by Keycloak's own commands: {@code kc.sh import --file}
 * (a separate process before the server starts) and {@code kc.sh start-dev --import-realm} (files in
 * {@code data/import}), with the app database reachable, unreachable, or named by an unresolved {@code ${…}}
 * placeholder; then the round trip {@code kc.sh export --realm … --file …} of the stopped server's database into a
 * fresh Keycloak database, keeping what Keycloak stores for federated users.
 * <p>
 * Keycloak's own database is an H2 file (it outlives each process). Two server starts in all: the first serves the
 * imported realms, the second the fresh database the export is imported into.
 */
@Tag("h2")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineImportExportIT {

    private static final String CLI_REACHABLE = "h6-cli-reachable";
    private static final String CLI_UNREACHABLE = "h6-cli-unreachable";
    private static final String CLI_PLACEHOLDER = "h6-cli-placeholder";
    private static final String DIR_UNREACHABLE = "h6-dir-unreachable";
    /** Imported at start-up with a reachable database, then exported and imported into a fresh server. */
    private static final String ROUND_TRIP = "h6-round-trip";

    private static final String ROLE = "h6-exported-role";
    private static final String GROUP = "h6-exported-group";
    private static final String REQUIRED_ACTION = "CONFIGURE_TOTP";
    private static final String ATTRIBUTE = "h6_badge";

    private static final Path WORK = Path.of(System.getProperty("it.work.dir", "target/it-work"), "h6-cli");

    private static Path home;
    private static H2AppDatabase db;
    private static TcpProxy proxy;
    private static KcCommand imported;
    private static KeycloakServer server;
    private static KeycloakAdmin admin;
    private static OidcClient oidc;

    @BeforeAll
    static void importAndStart() throws Exception {
        db = new H2AppDatabase();
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        ImportedRealms.createSecretUser(db);
        proxy = ImportedRealms.proxyTo(db);
        proxy.cut();

        home = KeycloakServer.distribution("h6-cli");
        KeycloakDatabase keycloakDb = keycloakDb("kc-db-1");

        Path cliFile = WORK.resolve("cli-import.json");
        Files.createDirectories(KeycloakServer.vaultDir(WORK));
        Files.writeString(
                cliFile,
                Http.toJson(List.of(
                        ImportedRealms.pointingAt(CLI_REACHABLE, db.keycloakJdbcUrl(), "H6_IMPORT", SECRET_DB_PASSWORD),
                        ImportedRealms.pointingAt(
                                CLI_UNREACHABLE,
                                ImportedRealms.throughProxy(db, proxy),
                                "H6_IMPORT",
                                SECRET_DB_PASSWORD),
                        ImportedRealms.pointingAt(
                                CLI_PLACEHOLDER, "${IDB_H6_UNSET_JDBC_URL}", "H6_IMPORT", SECRET_DB_PASSWORD))));
        imported = KcCommand.run(
                home,
                WORK,
                "kc-import.log",
                withOptions(List.of("import", "--file=" + cliFile.toAbsolutePath()), keycloakDb));

        Path importDir = clearedImportDir();
        Files.writeString(
                importDir.resolve(DIR_UNREACHABLE + ".json"),
                Http.toJson(ImportedRealms.pointingAt(
                        DIR_UNREACHABLE, ImportedRealms.throughProxy(db, proxy), "H6_IMPORT", SECRET_DB_PASSWORD)));
        Files.writeString(importDir.resolve(ROUND_TRIP + ".json"), Http.toJson(roundTripRealm()));
        List<String> options = new ArrayList<>(keycloakDb.serverOptions());
        options.add("--import-realm");
        server = KeycloakServer.start(home, WORK.resolve("server-1"), options);
        admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    @Order(1)
    void kcShImportSucceedsWhateverTheAppDatabaseAndNamesTheComponentsThatCannotWorkYet() {
        assertThat(imported.exitCode())
                .as("kc.sh import exit code:\n%s", imported.output())
                .isZero();
        assertThat(imported.lines("of realm " + CLI_REACHABLE + " imported; its app database answers"))
                .hasSize(1);
        assertThat(imported.lines("of realm " + CLI_UNREACHABLE + " was imported but cannot work yet"))
                .singleElement()
                .asString()
                .contains("WARN", "'app users'", "Cannot reach the app database");
        assertThat(imported.lines("of realm " + CLI_PLACEHOLDER + " was imported but cannot work yet"))
                .singleElement()
                .asString()
                .contains("WARN", "'app users'", "unresolved placeholder ${IDB_H6_UNSET_JDBC_URL}");
        assertThat(imported.output()).doesNotContain(SECRET_DB_PASSWORD);

        for (String realm : List.of(CLI_REACHABLE, CLI_UNREACHABLE, CLI_PLACEHOLDER)) {
            assertThat(component(realm).get("config").get("dbUser").get(0).asText())
                    .as("stored component of %s", realm)
                    .isEqualTo("H6_IMPORT");
        }
        assertThat(component(CLI_PLACEHOLDER)
                        .get("config")
                        .get("jdbcUrl")
                        .get(0)
                        .asText())
                .isEqualTo("${IDB_H6_UNSET_JDBC_URL}");

        assertThat(oidc.passwordGrant(CLI_REACHABLE, "alice", DemoUsers.PASSWORD)
                        .statusCode())
                .isEqualTo(200);
        assertThat(failedLoginMillis(CLI_PLACEHOLDER))
                .as("federated login fails fast (ms)")
                .isLessThan(3000);
    }

    @Test
    @Order(2)
    void importRealmAtStartUpSucceedsWhateverTheAppDatabaseAndNamesTheComponentsThatCannotWorkYet() {
        assertThat(ImportedRealms.logLines(
                        server.logFile(), "of realm " + ROUND_TRIP + " imported; its app database answers"))
                .hasSize(1);
        assertThat(ImportedRealms.logLines(
                        server.logFile(), "of realm " + DIR_UNREACHABLE + " was imported but cannot work yet"))
                .singleElement()
                .asString()
                .contains("WARN", "'app users'", "Cannot reach the app database");
        assertThat(component(DIR_UNREACHABLE).get("config").get("dbUser").get(0).asText())
                .isEqualTo("H6_IMPORT");
        assertThat(oidc.passwordGrant(ROUND_TRIP, "alice", DemoUsers.PASSWORD).statusCode())
                .isEqualTo(200);
        assertThat(ImportedRealms.log(server)).doesNotContain(SECRET_DB_PASSWORD);
    }

    @Test
    @Order(3)
    void componentsImportedWhileTheirDatabaseWasUnreachableFailFastThenWorkOnceItIsBack() throws Exception {
        for (String realm : List.of(CLI_UNREACHABLE, DIR_UNREACHABLE)) {
            assertThat(failedLoginMillis(realm))
                    .as("federated login in %s fails fast (ms)", realm)
                    .isLessThan(8000);
        }
        proxy.restore();
        for (String realm : List.of(CLI_UNREACHABLE, DIR_UNREACHABLE)) {
            ImportedRealms.await(
                    "federated login in " + realm + " once the app database is back",
                    Duration.ofSeconds(20),
                    () -> oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode() == 200);
        }
        assertThat(ImportedRealms.log(server)).doesNotContain(SECRET_DB_PASSWORD);
    }

    @Test
    @Order(4)
    void exportedRealmKeepsWhatKeycloakStoresForFederatedUsersOnAFreshServer() throws Exception {
        String componentId = component(ROUND_TRIP).get("id").asText();
        String bobId = storeFederatedData(admin);
        assertThat(bobId).startsWith("f:" + componentId + ":");
        assertFederatedData(admin, bobId);

        server.close();
        server = null; // NOPMD UnusedAssignment: @AfterAll reads it if a step below fails before the next start
        Path exportFile = WORK.resolve(ROUND_TRIP + "-export.json");
        Files.deleteIfExists(exportFile);
        KcCommand exported = KcCommand.run(
                home,
                WORK,
                "kc-export.log",
                withOptions(
                        List.of("export", "--realm=" + ROUND_TRIP, "--file=" + exportFile.toAbsolutePath()),
                        keycloakDbOf("kc-db-1")));
        assertThat(exported.exitCode())
                .as("kc.sh export exit code:\n%s", exported.output())
                .isZero();

        JsonNode export = Http.json(Files.readString(exportFile));
        System.out.println(
                "export of " + ROUND_TRIP + ": users " + export.path("users").findValuesAsText("username")
                        + ", federatedUsers " + export.path("federatedUsers").findValuesAsText("id"));
        assertThat(export.path("users").findValuesAsText("username"))
                .as("app users are not exported as local users")
                .containsExactly("service-account-internal-gateway");
        JsonNode exportedComponent = ImportedRealms.component(export);
        assertThat(exportedComponent.get("id").asText()).isEqualTo(componentId);
        assertThat(exportedComponent.get("config").get("dbPassword").get(0).asText())
                .as("the stored database password is exported as stored (use a vault reference)")
                .isEqualTo(SECRET_DB_PASSWORD);
        assertThat(exported.output()).doesNotContain(SECRET_DB_PASSWORD);
        JsonNode federatedBob = federatedUser(export, bobId);
        assertThat(federatedBob.get("realmRoles")).extracting(JsonNode::asText).contains(ROLE);
        assertThat(federatedBob.get("groups")).extracting(JsonNode::asText).contains("/" + GROUP);
        assertThat(federatedBob.get("requiredActions"))
                .extracting(JsonNode::asText)
                .containsExactly(REQUIRED_ACTION);
        assertThat(federatedBob.get("attributes").get(ATTRIBUTE))
                .extracting(JsonNode::asText)
                .containsExactly("exported-badge");

        KeycloakDatabase fresh = keycloakDb("kc-db-2");
        Path importDir = clearedImportDir();
        Files.copy(exportFile, importDir.resolve(ROUND_TRIP + ".json"));
        List<String> options = new ArrayList<>(fresh.serverOptions());
        options.add("--import-realm");
        server = KeycloakServer.start(home, WORK.resolve("server-2"), options);
        KeycloakAdmin freshAdmin = new KeycloakAdmin(server);
        OidcClient freshOidc = new OidcClient(server);

        assertThat(ImportedRealms.logLines(
                        server.logFile(),
                        "(" + componentId + ") of realm " + ROUND_TRIP + " imported; its app database answers"))
                .hasSize(1);
        assertThat(freshOidc
                        .passwordGrant(ROUND_TRIP, "alice", DemoUsers.PASSWORD)
                        .statusCode())
                .as("the component works on the fresh server")
                .isEqualTo(200);
        assertThat(freshAdmin.getJson("/realms/" + ROUND_TRIP + "/users?username=alice&exact=true"))
                .singleElement()
                .satisfies(alice -> assertThat(alice.get("id").asText())
                        .as("alice is the app user, not a local copy")
                        .startsWith("f:" + componentId + ":"));
        assertThat(userId(freshAdmin, "bob")).isEqualTo(bobId);
        assertFederatedData(freshAdmin, bobId);
        HttpResponse<String> bobLogin = freshOidc.passwordGrant(ROUND_TRIP, "bob", DemoUsers.PASSWORD);
        assertThat(bobLogin.statusCode()).as(bobLogin.body()).isEqualTo(400);
        assertThat(Http.json(bobLogin.body()).get("error_description").asText())
                .as("the required action holds")
                .contains("not fully set up");
        assertThat(ImportedRealms.log(server)).doesNotContain(SECRET_DB_PASSWORD);
    }

    // --- the federated user's data ---

    /** Gives bob (an app user) a realm role, a group, a required action and an attribute kept in federated storage. */
    private static String storeFederatedData(KeycloakAdmin admin) {
        String realmPath = "/realms/" + ROUND_TRIP;
        String bobId = userId(admin, "bob");
        JsonNode role = admin.getJson(realmPath + "/roles/" + ROLE);
        assertThat(admin.post(realmPath + "/users/" + bobId + "/role-mappings/realm", List.of(role))
                        .statusCode())
                .isEqualTo(204);
        String groupId = admin.getJson(realmPath + "/groups?search=" + GROUP + "&exact=true")
                .get(0)
                .get("id")
                .asText();
        assertThat(admin.put(realmPath + "/users/" + bobId + "/groups/" + groupId, Map.of())
                        .statusCode())
                .isEqualTo(204);
        ObjectNode bob = (ObjectNode) admin.getJson(realmPath + "/users/" + bobId);
        bob.putArray("requiredActions").add(REQUIRED_ACTION);
        (bob.hasNonNull("attributes") ? (ObjectNode) bob.get("attributes") : bob.putObject("attributes"))
                .putArray(ATTRIBUTE)
                .add("exported-badge");
        HttpResponse<String> saved = admin.put(realmPath + "/users/" + bobId, bob);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(204);
        return bobId;
    }

    private static void assertFederatedData(KeycloakAdmin admin, String bobId) {
        String userPath = "/realms/" + ROUND_TRIP + "/users/" + bobId;
        assertThat(admin.getJson(userPath + "/role-mappings/realm").findValuesAsText("name"))
                .contains(ROLE);
        assertThat(admin.getJson(userPath + "/groups").findValuesAsText("name")).containsExactly(GROUP);
        JsonNode bob = admin.getJson(userPath);
        assertThat(bob.get("requiredActions")).extracting(JsonNode::asText).containsExactly(REQUIRED_ACTION);
        assertThat(bob.get("attributes").get(ATTRIBUTE))
                .extracting(JsonNode::asText)
                .containsExactly("exported-badge");
        assertThat(admin.getJson("/realms/" + ROUND_TRIP + "/groups/"
                                + admin.getJson("/realms/" + ROUND_TRIP + "/groups?search=" + GROUP + "&exact=true")
                                        .get(0)
                                        .get("id")
                                        .asText()
                                + "/members")
                        .findValuesAsText("username"))
                .as("group members")
                .containsExactly("bob");
    }

    private static String userId(KeycloakAdmin admin, String username) {
        JsonNode users = admin.getJson("/realms/" + ROUND_TRIP + "/users?username=" + username + "&exact=true");
        assertThat(users).as("user %s", username).hasSize(1);
        return users.get(0).get("id").asText();
    }

    private static JsonNode federatedUser(JsonNode export, String id) {
        for (JsonNode user : export.path("federatedUsers")) {
            if (id.equals(user.get("id").asText())) {
                return user;
            }
        }
        throw new AssertionError("no federatedUsers entry " + id + " in the export: " + export.path("federatedUsers"));
    }

    // --- realm files, Keycloak's database, the server's import directory ---

    /** The demo realm pointing at the app database, with a realm role and a group, and attributes admins may edit. */
    private static ObjectNode roundTripRealm() throws IOException {
        ObjectNode realm = ImportedRealms.pointingAt(ROUND_TRIP, db.keycloakJdbcUrl(), "H6_IMPORT", SECRET_DB_PASSWORD);
        ((ObjectNode) realm.get("roles")).putArray("realm").addObject().put("name", ROLE);
        realm.putArray("groups").addObject().put("name", GROUP).put("path", "/" + GROUP);
        ArrayNode profile = (ArrayNode) realm.get("components")
                .get("org.keycloak.userprofile.UserProfileProvider")
                .get(0)
                .get("config")
                .get("kc.user.profile.config");
        profile.set(0, TextNode.valueOf(profile.get(0).asText().replace("\"ADMIN_VIEW\"", "\"ADMIN_EDIT\"")));
        return realm;
    }

    private static KeycloakDatabase keycloakDb(String name) {
        KeycloakDatabase database = keycloakDbOf(name);
        try {
            database.recreate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return database;
    }

    private static KeycloakDatabase keycloakDbOf(String name) {
        return KeycloakDatabase.h2(WORK.resolve(name));
    }

    /** A non-server command with the server's database and build options (so that it does not re-augment on its own). */
    private static List<String> withOptions(List<String> command, KeycloakDatabase database) {
        List<String> all = new ArrayList<>(command);
        all.addAll(database.serverOptions());
        all.add(KeycloakServer.ALLOW_H2_OPTION
                + "=true"); // the realms' app databases are H2 servers, as for the test servers
        all.add("--vault=file");
        all.add("--vault-dir=" + KeycloakServer.vaultDir(WORK).toAbsolutePath());
        return all;
    }

    private static Path clearedImportDir() throws IOException {
        Path dir = home.resolve("data/import");
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder())
                        .filter(f -> !f.equals(dir))
                        .toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    // --- checks ---

    private static JsonNode component(String realm) {
        return ImportedRealms.storedComponent(admin, realm);
    }

    private static long failedLoginMillis(String realm) {
        return ImportedRealms.failedLoginMillis(oidc, realm);
    }
}
