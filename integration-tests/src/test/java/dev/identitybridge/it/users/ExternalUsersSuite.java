package dev.identitybridge.it.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.DatabaseLeg;
import dev.identitybridge.it.harness.DatabaseLegSuite;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.DemoUsers.DemoUser;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The external-users provider against a real Keycloak, once per app database ({@link ExternalUsersIT} holds the
 * legs); every assertion lives here, so all legs prove the same behaviour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ExternalUsersSuite extends DatabaseLegSuite {

    private static final int SEEDED_USERS = 1000;
    private static final String LOCAL_USER = "local-zed";

    protected KeycloakServer server;
    protected KeycloakAdmin admin;
    protected OidcClient oidc;
    protected AppDatabase db;
    protected String realm;
    protected String componentId;

    @BeforeAll
    void setUp() throws Exception {
        server = KeycloakServer.shared();
        admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
        db = databaseLeg.appDatabase(DatabaseLeg.SHARED_APP_DATABASE);
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        db.seedUsers("user", SEEDED_USERS);
        realm = "it-" + leg();
        admin.createRealm(realm);
        componentId = admin.createComponent(realm, "app users", baseConfig());
        // one Keycloak-local user next to the federated ones: counts and paging must span both
        HttpResponse<String> local =
                admin.post("/realms/" + realm + "/users", Map.of("username", LOCAL_USER, "enabled", true));
        assertThat(local.statusCode()).as(local.body()).isEqualTo(201);
    }

    protected Map<String, String> baseConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("jdbcUrl", db.keycloakJdbcUrl());
        config.put("dbUser", db.user());
        config.put("dbPassword", db.password());
        config.put("allowLegacyHashes", "true");
        config.put("poolMinSize", "1");
        config.put("poolMaxSize", "2");
        config.put("cachePolicy", "NO_CACHE");
        return config;
    }

    static Stream<DemoUser> enabledDemoUsers() {
        return DemoUsers.all().stream().filter(DemoUser::enabled);
    }

    private String keycloakId(String appId) {
        return "f:" + componentId + ":" + appId;
    }

    // Runs first, while this component is the only one using the database.
    @Test
    @Order(1)
    void resavingTheComponentKeepsOnePool() throws Exception {
        Map<String, String> config = baseConfig();
        for (int i = 0; i < 20; i++) {
            // every other save changes a connection setting, which must replace (not add) the pool
            config.put("poolAcquisitionTimeoutMs", i % 2 == 0 ? "5000" : "4000");
            HttpResponse<String> response = admin.updateComponent(realm, componentId, "app users", config);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
            assertThat(admin.getJson("/realms/" + realm + "/users?username=alice&exact=true"))
                    .hasSize(1);
        }
        // pools replaced by a new configuration are closed after a short grace period
        long deadline = System.currentTimeMillis() + 30_000;
        while (db.keycloakConnectionCount() > 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        assertThat(db.keycloakConnectionCount())
                .as("open connections from Keycloak after 20 saves")
                .isBetween(1, 2);
        admin.updateComponent(realm, componentId, "app users", baseConfig());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enabledDemoUsers")
    void passwordGrantWorksForEveryHashFormat(DemoUser user) {
        HttpResponse<String> response = oidc.passwordGrant(realm, user.username(), DemoUsers.PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode claims =
                OidcClient.claims(Http.json(response.body()).get("access_token").asText());
        assertThat(claims.get("sub").asText()).isEqualTo(keycloakId(user.id()));
        assertThat(claims.get("preferred_username").asText()).isEqualTo(user.username());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enabledDemoUsers")
    void authorizationCodeFlowWithPkceWorksForEveryHashFormat(DemoUser user) {
        Optional<JsonNode> tokens = oidc.authorizationCodeLogin(realm, user.username(), DemoUsers.PASSWORD)
                .tokens();
        assertThat(tokens).as("login form redirected back with a code").isPresent();
        JsonNode idToken = OidcClient.claims(tokens.get().get("id_token").asText());
        assertThat(idToken.get("sub").asText()).isEqualTo(keycloakId(user.id()));
        assertThat(idToken.get("email").asText()).isEqualTo(user.email());
        assertThat(idToken.get("email_verified").asBoolean()).isEqualTo(user.emailVerified());
    }

    @Test
    void wrongPasswordIsRejected() {
        assertInvalidGrant(oidc.passwordGrant(realm, "alice", "not-" + DemoUsers.PASSWORD));
        OidcClient.BrowserLogin form = oidc.authorizationCodeLogin(realm, "carol", "wrong");
        assertThat(form.tokens()).isEmpty();
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.page()).contains("Invalid username or password.");
    }

    @Test
    void disabledUserIsRejected() {
        DemoUser mallory = DemoUsers.named("mallory");
        assertThat(mallory.enabled()).isFalse();
        HttpResponse<String> response = oidc.passwordGrant(realm, mallory.username(), DemoUsers.PASSWORD);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response.body()).get("error_description").asText()).isEqualTo("Account disabled");
        OidcClient.BrowserLogin form = oidc.authorizationCodeLogin(realm, mallory.username(), DemoUsers.PASSWORD);
        assertThat(form.tokens()).isEmpty();
        assertThat(form.page()).contains("Account is disabled, contact your administrator.");
    }

    @Test
    void legacyHashesNeedTheOption() {
        DemoUser grace = DemoUsers.named("grace");
        assertThat(grace.legacyHash()).isTrue();
        Map<String, String> config = baseConfig();
        config.put("allowLegacyHashes", "false");
        assertThat(admin.updateComponent(realm, componentId, "app users", config)
                        .statusCode())
                .isEqualTo(204);
        try {
            assertInvalidGrant(oidc.passwordGrant(realm, grace.username(), DemoUsers.PASSWORD));
            assertThat(oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode())
                    .isEqualTo(200);
        } finally {
            admin.updateComponent(realm, componentId, "app users", baseConfig());
        }
        assertThat(oidc.passwordGrant(realm, grace.username(), DemoUsers.PASSWORD)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void usersAreFoundByEmailAndUsernameInAnyLetterCase() {
        DemoUser alice = DemoUsers.named("alice");
        JsonNode found =
                admin.getJson("/realms/" + realm + "/users?exact=true&email=" + Http.encode("ALICE@Example.COM"));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("username").asText()).isEqualTo("alice");
        assertThat(found.get(0).get("id").asText()).isEqualTo(keycloakId(alice.id()));

        JsonNode user = admin.getJson("/realms/" + realm + "/users/" + Http.encode(keycloakId(alice.id())));
        assertThat(user.get("attributes").get("app_user_id").get(0).asText()).isEqualTo(alice.id());
        assertThat(user.get("federationLink").asText()).isEqualTo(componentId);

        assertThat(oidc.passwordGrant(realm, "ALICE@example.com", DemoUsers.PASSWORD)
                        .statusCode())
                .isEqualTo(200);
        assertThat(oidc.passwordGrant(realm, "Alice", DemoUsers.PASSWORD).statusCode())
                .isEqualTo(200);
    }

    @Test
    void adminSearchFollowsKeycloakSemantics() throws Exception {
        int all = db.count("SELECT COUNT(*) FROM users") + 1; // + the local user
        assertThat(count("search=" + Http.encode("*"))).isEqualTo(all);
        assertThat(names(admin.getJson("/realms/" + realm + "/users?search=ali")))
                .containsExactly("alice");
        assertThat(names(admin.getJson("/realms/" + realm + "/users?search=" + Http.encode("*lice"))))
                .containsExactly("alice");
        assertThat(names(admin.getJson("/realms/" + realm + "/users?search=lice")))
                .isEmpty();
        assertThat(names(admin.getJson("/realms/" + realm + "/users?search=" + Http.encode("\"Alice\""))))
                .containsExactly("alice");
        assertThat(names(admin.getJson("/realms/" + realm + "/users?search=" + Http.encode("\"alic\""))))
                .isEmpty();
        assertThat(names(admin.getJson("/realms/" + realm + "/users?q="
                        + Http.encode("app_user_id:" + DemoUsers.named("bob").id()))))
                .containsExactly("bob");
        assertThat(names(admin.getJson("/realms/" + realm + "/users?firstName=Carol&exact=true")))
                .containsExactly("carol");
    }

    @Test
    void adminPagingAndCountsMatchTheDatabase() throws Exception {
        int seeded = db.count("SELECT COUNT(*) FROM users WHERE username LIKE 'user%'");
        assertThat(seeded).isEqualTo(SEEDED_USERS);
        assertThat(count("search=user")).isEqualTo(seeded);

        List<String> paged = new ArrayList<>();
        for (int first = 0; first < seeded + 100; first += 100) {
            JsonNode page = admin.getJson("/realms/" + realm + "/users?search=user&first=" + first + "&max=100");
            assertThat(page.size()).isLessThanOrEqualTo(100);
            paged.addAll(names(page));
        }
        assertThat(paged).hasSize(seeded).doesNotHaveDuplicates().isSorted();

        int total = db.count("SELECT COUNT(*) FROM users") + 1;
        assertThat(count("")).isEqualTo(total);
        Set<String> everyone = new LinkedHashSet<>();
        for (int first = 0; first < total + 100; first += 150) {
            everyone.addAll(names(admin.getJson("/realms/" + realm + "/users?first=" + first + "&max=150")));
        }
        assertThat(everyone).hasSize(total).contains(LOCAL_USER, "alice", "user0999");
    }

    @Test
    void profileAndPasswordChangesAreRefusedAsReadOnly() {
        DemoUser dave = DemoUsers.named("dave");
        String path = "/realms/" + realm + "/users/" + Http.encode(keycloakId(dave.id()));
        JsonNode user = admin.getJson(path);
        Map<String, Object> changed = Http.JSON.convertValue(user, Map.class);
        changed.put("firstName", "Changed");
        HttpResponse<String> response = admin.put(path, changed);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("read-only");
        assertThat(admin.getJson(path).get("firstName").asText()).isEqualTo(dave.firstName());

        HttpResponse<String> reset = admin.put(
                path + "/reset-password", Map.of("type", "password", "value", "Another-Passw0rd!", "temporary", false));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(400);
        assertThat(oidc.passwordGrant(realm, dave.username(), DemoUsers.PASSWORD)
                        .statusCode())
                .isEqualTo(200);
        assertInvalidGrant(oidc.passwordGrant(realm, dave.username(), "Another-Passw0rd!"));
    }

    @Test
    void aTableWithOtherNamesIsMappedByConfiguration() throws Exception {
        String table = db.schema() + ".app_accounts";
        db.execute(
                "CREATE TABLE " + table + " (account_no BIGINT PRIMARY KEY, login VARCHAR(100) NOT NULL, "
                        + "mail VARCHAR(200), given VARCHAR(100), family VARCHAR(100), pw VARCHAR(200), active BOOLEAN NOT NULL)",
                "INSERT INTO " + table + " VALUES (4711, 'custom.user', 'custom@example.net', 'Custo', 'Mer', '"
                        + DemoUsers.named("bob").passwordHash() + "', TRUE)");
        String customRealm = realm + "-custom";
        admin.createRealm(customRealm);
        Map<String, String> config = baseConfig();
        config.putAll(Map.of(
                "table",
                table,
                "columnId",
                "account_no",
                "columnUsername",
                "login",
                "columnEmail",
                "mail",
                "columnFirstName",
                "given",
                "columnPasswordHash",
                "pw",
                "columnEnabled",
                "active"));
        config.putAll(Map.of(
                "columnLastName",
                "family",
                "columnEmailVerified",
                "-",
                "columnAuthId",
                "-",
                "columnCreatedAt",
                "-",
                "columnUpdatedAt",
                "-"));
        config.put("poolMinSize", "0");
        int connectionsBefore = db.keycloakConnectionCount();
        String customComponent = admin.createComponent(customRealm, "accounts", config);

        HttpResponse<String> login = oidc.passwordGrant(customRealm, "custom.user", DemoUsers.PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(OidcClient.claims(Http.json(login.body()).get("access_token").asText())
                        .get("sub")
                        .asText())
                .isEqualTo("f:" + customComponent + ":4711");
        JsonNode found = admin.getJson(
                "/realms/" + customRealm + "/users?email=" + Http.encode("CUSTOM@example.net") + "&exact=true");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("firstName").asText()).isEqualTo("Custo");
        assertThat(found.get(0).get("attributes").get("app_user_id").get(0).asText())
                .isEqualTo("4711");
        assertInvalidGrant(oidc.passwordGrant(customRealm, "custom.user", "wrong"));

        // removing the component closes its pool
        assertThat(db.keycloakConnectionCount()).isGreaterThan(connectionsBefore);
        assertThat(admin.delete("/realms/" + customRealm + "/components/" + customComponent)
                        .statusCode())
                .isEqualTo(204);
        assertThat(db.keycloakConnectionCount()).isLessThanOrEqualTo(connectionsBefore);
        admin.delete("/realms/" + customRealm);
    }

    @Test
    void flagsStoredAsNumbersOrTextWorkInLoginAndSearch() throws Exception {
        String table = db.schema() + ".flag_users";
        db.execute(
                "CREATE TABLE " + table + " (id VARCHAR(20) PRIMARY KEY, username VARCHAR(100) NOT NULL, "
                        + "active SMALLINT NOT NULL, verified VARCHAR(5), pw VARCHAR(200), mail VARCHAR(100), given VARCHAR(50), "
                        + "family VARCHAR(50))",
                "INSERT INTO " + table + " VALUES ('f1', 'flag.on', 1, 'true', '"
                        + DemoUsers.named("bob").passwordHash() + "', 'on@example.net', 'Flag', 'On')",
                "INSERT INTO " + table + " VALUES ('f2', 'flag.off', 0, 'false', '"
                        + DemoUsers.named("bob").passwordHash() + "', 'off@example.net', 'Flag', 'Off')");
        String flagRealm = realm + "-flags";
        admin.createRealm(flagRealm);
        try {
            Map<String, String> config = baseConfig();
            config.putAll(Map.of(
                    "table",
                    table,
                    "columnEnabled",
                    "active",
                    "columnEmailVerified",
                    "verified",
                    "columnPasswordHash",
                    "pw",
                    "columnEmail",
                    "mail",
                    "columnFirstName",
                    "given",
                    "columnLastName",
                    "family",
                    "columnAuthId",
                    "-",
                    "columnCreatedAt",
                    "-"));
            config.put("columnUpdatedAt", "-");
            admin.createComponent(flagRealm, "flags", config);
            assertThat(oidc.passwordGrant(flagRealm, "flag.on", DemoUsers.PASSWORD)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(Http.json(oidc.passwordGrant(flagRealm, "flag.off", DemoUsers.PASSWORD)
                                    .body())
                            .get("error_description")
                            .asText())
                    .isEqualTo("Account disabled");
            assertThat(names(admin.getJson("/realms/" + flagRealm + "/users?enabled=false")))
                    .containsExactly("flag.off");
            assertThat(names(admin.getJson("/realms/" + flagRealm + "/users?q=" + Http.encode("app_user_id:f1"))))
                    .containsExactly("flag.on");
            assertThat(names(admin.getJson("/realms/" + flagRealm + "/users?emailVerified=true")))
                    .containsExactly("flag.on");
        } finally {
            admin.delete("/realms/" + flagRealm);
        }
    }

    @Test
    void appRowsWithoutNamesCanLogIn() throws Exception {
        db.execute("INSERT INTO users (id, username, email, email_verified, enabled, password_hash) VALUES "
                + "('nameless-1', 'nameless', 'nameless@example.com', TRUE, TRUE, '"
                + DemoUsers.named("bob").passwordHash() + "')");
        // first and last name are required by Keycloak's default user profile, but they come from the app table
        HttpResponse<String> login = oidc.passwordGrant(realm, "nameless", DemoUsers.PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(oidc.authorizationCodeLogin(realm, "nameless", DemoUsers.PASSWORD)
                        .tokens())
                .isPresent();
    }

    @Test
    void appUsersCannotBeDeletedThroughKeycloak() {
        String path = "/realms/" + realm + "/users/"
                + Http.encode(keycloakId(DemoUsers.named("frank").id()));
        HttpResponse<String> response = admin.delete(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("User couldn't be deleted");
        assertThat(admin.get(path).statusCode()).isEqualTo(200);
    }

    @Test
    void groupMembersPageAcrossLocalAndAppUsers() {
        HttpResponse<String> created = admin.post("/realms/" + realm + "/groups", Map.of("name", "members-" + leg()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String groupId = location.substring(location.lastIndexOf('/') + 1);
        String localId = admin.getJson("/realms/" + realm + "/users?exact=true&username=" + LOCAL_USER)
                .get(0)
                .get("id")
                .asText();
        for (String userId : List.of(
                localId,
                keycloakId(DemoUsers.named("alice").id()),
                keycloakId(DemoUsers.named("bob").id()))) {
            assertThat(admin.put("/realms/" + realm + "/users/" + Http.encode(userId) + "/groups/" + groupId, Map.of())
                            .statusCode())
                    .isEqualTo(204);
        }
        List<String> paged = new ArrayList<>();
        for (int first = 0; first < 4; first += 2) {
            paged.addAll(names(
                    admin.getJson("/realms/" + realm + "/groups/" + groupId + "/members?first=" + first + "&max=2")));
        }
        assertThat(paged).containsExactlyInAnyOrder(LOCAL_USER, "alice", "bob");
    }

    @Test
    void aUserDisabledInTheAppCannotLogInEvenWhenCached() throws Exception {
        Map<String, String> cached = baseConfig();
        cached.put("cachePolicy", "DEFAULT");
        assertThat(admin.updateComponent(realm, componentId, "app users", cached)
                        .statusCode())
                .isEqualTo(204);
        try {
            assertThat(oidc.passwordGrant(realm, "heidi", DemoUsers.PASSWORD).statusCode())
                    .isEqualTo(200); // now cached
            db.execute("UPDATE users SET enabled = FALSE WHERE username = 'heidi'");
            assertInvalidGrant(oidc.passwordGrant(realm, "heidi", DemoUsers.PASSWORD));
        } finally {
            db.execute("UPDATE users SET enabled = TRUE WHERE username = 'heidi'");
            admin.updateComponent(realm, componentId, "app users", baseConfig());
        }
        assertThat(oidc.passwordGrant(realm, "heidi", DemoUsers.PASSWORD).statusCode())
                .isEqualTo(200);
    }

    @Test
    void bruteForceLockoutAppliesToAppUsers() throws Exception {
        String realmPath = "/realms/" + realm;
        assertThat(admin.put(
                                realmPath,
                                Map.of("bruteForceProtected", true, "permanentLockout", true, "failureFactor", 2))
                        .statusCode())
                .isEqualTo(204);
        String userPath = realmPath + "/users/"
                + Http.encode(keycloakId(DemoUsers.named("erin").id()));
        try {
            assertInvalidGrant(oidc.passwordGrant(realm, "erin", "wrong-1"));
            assertInvalidGrant(oidc.passwordGrant(realm, "erin", "wrong-2"));
            // Keycloak records login failures off the request thread
            long deadline = System.currentTimeMillis() + 10_000;
            while (admin.getJson(userPath).get("enabled").asBoolean() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(admin.getJson(userPath).get("enabled").asBoolean())
                    .as("locked out")
                    .isFalse();
            // the right password no longer works (Keycloak does not tell an attacker why)
            assertInvalidGrant(oidc.passwordGrant(realm, "erin", DemoUsers.PASSWORD));
        } finally {
            Map<String, Object> user = Http.JSON.convertValue(admin.getJson(userPath), Map.class);
            user.put("enabled", true);
            assertThat(admin.put(userPath, user).statusCode())
                    .as("an admin re-enables the user")
                    .isEqualTo(204);
            admin.put(realmPath, Map.of("bruteForceProtected", false));
        }
        assertThat(oidc.passwordGrant(realm, "erin", DemoUsers.PASSWORD).statusCode())
                .isEqualTo(200);
    }

    Stream<Arguments> invalidConfigurations() {
        return Stream.of(
                Arguments.of(Map.of("table", "users; DROP TABLE users"), "not a plain SQL identifier"),
                Arguments.of(Map.of("columnEmail", "e-mail"), "not a plain SQL identifier"),
                Arguments.of(Map.of("table", "no_such_table"), "was not found"),
                Arguments.of(Map.of("columnFirstName", "no_such_column"), "does not exist in table"),
                Arguments.of(Map.of("columnId", "-"), "columnId is required"),
                Arguments.of(Map.of("jdbcUrl", "jdbc:postgresql://127.0.0.1:1/none"), "Cannot reach the app database"),
                Arguments.of(Map.of("jdbcUrl", "jdbc:oracle:thin:@localhost:1521:x"), "Unsupported JDBC URL"),
                Arguments.of(Map.of("jdbcUrl", "postgres://x"), "must start with 'jdbc:'"),
                Arguments.of(Map.of("poolMinSize", "5", "poolMaxSize", "2"), "must not exceed"),
                Arguments.of(Map.of("poolMaxSize", "many"), "whole number"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidConfigurations")
    void invalidConfigurationIsRejectedAndNothingSaved(Map<String, String> override, String message) {
        int before = admin.componentCount(realm);
        Map<String, String> config = baseConfig();
        config.putAll(override);
        HttpResponse<String> response = admin.postComponent(realm, "broken", config);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Http.json(response.body()).get("errorMessage").asText()).contains(message);
        assertThat(admin.componentCount(realm)).isEqualTo(before);
    }

    /** Keycloak 26 answers a failed password grant with 400 invalid_grant "Invalid user credentials". */
    private static void assertInvalidGrant(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = Http.json(response.body());
        assertThat(error.get("error").asText()).isEqualTo("invalid_grant");
        assertThat(error.get("error_description").asText()).isEqualTo("Invalid user credentials");
    }

    private int count(String query) {
        return admin.getJson("/realms/" + realm + "/users/count" + (query.isEmpty() ? "" : "?" + query))
                .asInt();
    }

    private static List<String> names(JsonNode users) {
        List<String> names = new ArrayList<>();
        users.forEach(u -> names.add(u.get("username").asText()));
        return names;
    }
}
