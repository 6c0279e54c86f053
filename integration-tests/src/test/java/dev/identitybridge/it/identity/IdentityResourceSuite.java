package dev.identitybridge.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.DatabaseLegSuite;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.harness.TcpProxy;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The identity realm resource against a real Keycloak, once per app database: every status of every endpoint with
 * real tokens, input validation, race-safe bootstrap, backfill, outage; every documented response validated against
 * the OpenAPI document the server serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentityResourceSuite extends DatabaseLegSuite {

    private static final String PASSWORD = "Local-Passw0rd!";

    protected KeycloakServer server;
    protected KeycloakAdmin admin;
    protected AppDatabase db;
    protected IdentityRealm realm;
    private OpenApiContract contract;
    private Map<String, String> componentConfig;

    @BeforeAll
    void setUp() throws Exception {
        server = KeycloakServer.shared();
        admin = new KeycloakAdmin(server);
        db = databaseLeg.appDatabase("identity_bridge_it_identity");
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        componentConfig = IdentityRealm.componentConfig(db.keycloakJdbcUrl(), db.user(), db.password(), "WRITABLE");
        realm = new IdentityRealm(server, admin, "it-identity-" + leg(), componentConfig);
        HttpResponse<String> document = realm.get("/openapi.json", realm.clientToken("svc-plain"));
        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        contract = new OpenApiContract(Http.json(document.body()));
        contract.check("GET", "/openapi.json", document);
    }

    @AfterAll
    void tearDown() {
        if (realm != null) {
            realm.delete();
        }
    }

    // ---------------------------------------------------------------- resolve

    @Test
    void resolveFindsAppUsersByEmailCaseInsensitivelyAndByAuthId() throws Exception {
        String token = realm.clientToken("svc-resolver");
        DemoUsers.DemoUser alice = demo("alice");
        expectUserId(resolve(token, Map.of("email", alice.email().toUpperCase())), 200, alice.id());
        expectUserId(resolve(token, Map.of("email", "  " + alice.email() + " ")), 200, alice.id());
        expectUserId(resolve(token, Map.of("authId", federatedId(realm, alice.id()))), 200, alice.id());
        insertRow(
                "stored-" + leg(), "stored-" + leg(), "stored-" + leg() + "@example.org", true, "ext-subject-" + leg());
        expectUserId(resolve(token, Map.of("authId", "ext-subject-" + leg())), 200, "stored-" + leg());

        expectError(resolve(token, Map.of("email", "nobody@example.org")), 404, "not_found");
        expectError(resolve(token, Map.of("authId", "no-such-subject")), 404, "not_found");
        expectError(resolve(token, Map.of("authId", federatedId(realm, "no-such-app-id"))), 404, "not_found");
    }

    @Test
    void resolveRefusesBadInputWithJsonErrors() {
        String token = realm.clientToken("svc-resolver");
        String json = "application/json";
        expectError(resolveRaw(token, json, "{\"email\": "), 400, "invalid_json");
        expectError(resolveRaw(token, json, "[1, 2]"), 400, "invalid_json");
        expectError(resolveRaw(token, json, "{\"email\": \"a@example.org\"} trailing"), 400, "invalid_json");
        expectError(
                resolveRaw(token, json, "{\"email\": \"a@example.org\", \"email\": \"b@example.org\"}"),
                400,
                "invalid_json");
        expectError(resolveRaw(token, json, "{\"email\": 42}"), 400, "invalid_json");
        expectError(resolveRaw(token, json, "{\"authId\": \"x\", \"provision\": \"yes\"}"), 400, "invalid_json");
        expectError(
                resolveRaw(token, json, "{\"email\": \"a@example.org\", \"role\": \"admin\"}"), 400, "unknown_field");
        expectError(resolveRaw(token, json, "{}"), 400, "invalid_request");
        expectError(resolveRaw(token, json, ""), 400, "invalid_request");
        expectError(
                resolveRaw(token, json, "{\"email\": \"a@example.org\", \"authId\": \"x\"}"), 400, "invalid_request");
        expectError(
                resolveRaw(token, json, "{\"email\": \"a@example.org\", \"provision\": true}"), 400, "invalid_request");
        expectError(resolveRaw(token, json, "{\"authId\": \"  \"}"), 400, "invalid_request");
        expectError(resolveRaw(token, json, "{\"email\": \"not-an-address\"}"), 400, "invalid_email");
        expectError(resolveRaw(token, json, "{\"email\": \"a@b@example.org\"}"), 400, "invalid_email");
        expectError(resolve(token, Map.of("email", "a".repeat(250) + "@example.org")), 400, "value_too_long");
        expectError(resolve(token, Map.of("authId", "x".repeat(256))), 400, "value_too_long");
        expectError(resolveRaw(token, json, "{\"email\": \"" + "a".repeat(20_000) + "\"}"), 400, "value_too_long");
        expectError(resolveRaw(token, "text/plain", "{\"email\": \"a@example.org\"}"), 415, "unsupported_media_type");
        expectError(
                resolveRaw(token, "application/x-www-form-urlencoded", "email=a@example.org"),
                415,
                "unsupported_media_type");
        expectError(resolveRaw(token, null, "{\"email\": \"a@example.org\"}"), 415, "unsupported_media_type");
        expectUserId(
                resolveRaw(
                        token,
                        "application/json; charset=UTF-8",
                        "{\"email\": \"" + demo("bob").email() + "\"}"),
                200,
                demo("bob").id());
    }

    @Test
    void resolveNeedsAServiceAccountWithTheResolveRole() throws Exception {
        Map<String, Object> body = Map.of("email", demo("alice").email());
        HttpResponse<String> missing = resolve(null, body);
        expectError(missing, 401, "missing_token");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"" + realm.name + "\"");
        HttpResponse<String> garbage = resolve("not.a.jwt", body);
        expectError(garbage, 401, "invalid_token");
        assertThat(garbage.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"");
        expectError(resolve(realm.clientToken("svc-plain"), body), 403, "insufficient_role");
        realm.createLocalUser("resolve-user-" + leg(), null, false, PASSWORD);
        expectError(resolve(realm.userToken("resolve-user-" + leg(), PASSWORD), body), 403, "service_account_required");
        expectError(resolve(otherRealmToken(), body), 401, "invalid_token");
        expectError(resolve(realm.expiredUserToken("resolve-user-" + leg(), PASSWORD), body), 401, "invalid_token");
    }

    @Test
    void resolveProvisionsAnAppUserForAnExistingKeycloakUser() throws Exception {
        String token = realm.clientToken("svc-resolver");
        String username = "prov-" + leg();
        String keycloakId = realm.createLocalUser(username, username + "@example.net", true, PASSWORD);
        expectError(resolve(token, Map.of("authId", keycloakId)), 404, "not_found");

        HttpResponse<String> created = resolve(token, Map.of("authId", keycloakId, "provision", true));
        String appId = expectUserId(created, 201, null);
        Map<String, Object> row = row(appId);
        assertThat(row.get("auth_id")).isEqualTo(keycloakId);
        assertThat(row.get("username")).isEqualTo(username);
        assertThat(row.get("email")).isEqualTo(username + "@example.net");
        assertThat(bool(row.get("email_verified"))).isTrue();

        expectUserId(resolve(token, Map.of("authId", keycloakId, "provision", true)), 200, appId);
        expectUserId(resolve(token, Map.of("authId", keycloakId)), 200, appId);
        expectUserId(resolve(token, Map.of("email", username + "@example.net")), 200, appId);
        expectError(
                resolve(token, Map.of("authId", "00000000-0000-0000-0000-000000000000", "provision", true)),
                404,
                "not_found");
    }

    // ---------------------------------------------------------------- bootstrap

    @Test
    void bootstrapCreatesTheAppUserOnceThenFindsIt() throws Exception {
        String username = "boot-" + leg();
        String keycloakId = realm.createLocalUser(username, "Boot-" + leg() + "@Example.net", true, PASSWORD);
        String token = realm.userToken(username, PASSWORD);

        String appId = expectUserId(bootstrap(token, null, null), 201, null);
        Map<String, Object> row = row(appId);
        assertThat(row.get("auth_id")).isEqualTo(keycloakId);
        assertThat(row.get("email")).isEqualTo("boot-" + leg() + "@example.net");
        assertThat(row.get("first_name")).isEqualTo("Local");
        expectUserId(bootstrap(token, null, null), 200, appId);
        expectUserId(bootstrap(token, "application/json", "{}"), 200, appId);
        assertThat(db.count("SELECT COUNT(*) FROM users WHERE auth_id = ?", keycloakId))
                .isEqualTo(1);
    }

    @Test
    void bootstrapOfAFederatedUserFindsItsOwnRow() throws Exception {
        DemoUsers.DemoUser carol = demo("carol");
        int before = db.count("SELECT COUNT(*) FROM users");
        expectUserId(bootstrap(realm.userToken("carol", DemoUsers.PASSWORD), null, null), 200, carol.id());
        assertThat(db.count("SELECT COUNT(*) FROM users")).isEqualTo(before);
    }

    @Test
    void bootstrapLinksAnAppUserByEmailOnlyWhenBothSidesVerifiedIt() throws Exception {
        String verified = "link-" + leg();
        String verifiedId = realm.createLocalUser(verified, verified + "@example.net", true, PASSWORD);
        insertRow("app-" + verified, "app-" + verified, verified + "@example.net", true, null);
        expectUserId(bootstrap(realm.userToken(verified, PASSWORD), null, null), 200, "app-" + verified);
        assertThat(row("app-" + verified).get("auth_id")).isEqualTo(verifiedId);

        // an unverified email proves nothing, on either side: no link
        String unverified = "unverified-" + leg();
        realm.createLocalUser(unverified, unverified + "@example.net", false, PASSWORD);
        insertRow("app-" + unverified, "app-" + unverified, unverified + "@example.net", true, null);
        expectError(bootstrap(realm.userToken(unverified, PASSWORD), null, null), 409, "email_link_unverified");
        assertThat(row("app-" + unverified).get("auth_id")).isNull();
        String appUnverified = "appside-unverified-" + leg();
        realm.createLocalUser(appUnverified, appUnverified + "@example.net", true, PASSWORD);
        insertRow("app-" + appUnverified, "app-" + appUnverified, appUnverified + "@example.net", false, null);
        expectError(bootstrap(realm.userToken(appUnverified, PASSWORD), null, null), 409, "email_link_unverified");
        assertThat(row("app-" + appUnverified).get("auth_id")).isNull();

        // the verified address's app user is linked to someone else
        String taken = "taken-" + leg();
        realm.createLocalUser(taken, taken + "@example.net", true, PASSWORD);
        insertRow("app-" + taken, "app-" + taken, taken + "@example.net", true, "someone-else-" + leg());
        expectError(bootstrap(realm.userToken(taken, PASSWORD), null, null), 409, "email_conflict");
        assertThat(row("app-" + taken).get("auth_id")).isEqualTo("someone-else-" + leg());

        // the username is another app user's
        String clash = "clash-" + leg();
        realm.createLocalUser(clash, null, false, PASSWORD);
        insertRow("app-" + clash, clash, null, false, null);
        expectError(bootstrap(realm.userToken(clash, PASSWORD), null, null), 409, "username_conflict");
    }

    @Test
    void bootstrapNeedsAnEnabledUsersValidToken() throws Exception {
        expectError(bootstrap(null, null, null), 401, "missing_token");
        expectError(bootstrap("Bearer-garbage", null, null), 401, "invalid_token");
        expectError(bootstrap(realm.clientToken("svc-resolver"), null, null), 403, "user_token_required");
        expectError(bootstrap(otherRealmToken(), null, null), 401, "invalid_token");
        String username = "auth-" + leg();
        String id = realm.createLocalUser(username, null, false, PASSWORD);
        expectError(bootstrap(realm.expiredUserToken(username, PASSWORD), null, null), 401, "invalid_token");
        String token = realm.userToken(username, PASSWORD);
        expectError(bootstrap(token, "application/json", "{\"email\": \"x@example.org\"}"), 400, "invalid_request");
        expectError(bootstrap(token, "text/plain", "hello"), 415, "unsupported_media_type");
        assertThat(admin.put("/realms/" + realm.name + "/users/" + id, Map.of("enabled", false))
                        .statusCode())
                .isEqualTo(204);
        expectError(bootstrap(token, null, null), 401, "invalid_token");
        assertThat(db.count("SELECT COUNT(*) FROM users WHERE auth_id = ?", id)).isZero();
    }

    @Test
    void bootstrapRefusesToProvisionIntoAReadOnlyTable() {
        String username = "readonly-" + leg();
        realm.createLocalUser(username, null, false, PASSWORD);
        String token = realm.userToken(username, PASSWORD);
        try {
            setEditMode("READ_ONLY");
            expectError(bootstrap(token, null, null), 409, "provisioning_disabled");
            expectError(
                    resolve(realm.clientToken("svc-resolver"), Map.of("authId", "x", "provision", true)),
                    404,
                    "not_found");
        } finally {
            setEditMode("WRITABLE");
        }
        expectUserId(bootstrap(token, null, null), 201, null);
    }

    @Test
    void fiftyConcurrentBootstrapsOfOneNewUserCreateOneRow() throws Exception {
        String username = "race-" + leg();
        String keycloakId = realm.createLocalUser(username, username + "@example.net", true, PASSWORD);
        String token = realm.userToken(username, PASSWORD);
        int calls = 50;
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return bootstrap(token, null, null);
                }));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            java.util.Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<HttpResponse<String>> future : futures) {
                HttpResponse<String> response = future.get();
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() / 100 == 2) {
                    ids.add(Http.json(response.body()).get("userId").asText());
                }
            }
            System.out.printf("[%s] 50 concurrent bootstraps: %s%n", leg(), statuses);
            assertThat(statuses).isEqualTo(Map.of(201, 1, 200, calls - 1));
            assertThat(ids).hasSize(1);
            assertThat(db.count("SELECT COUNT(*) FROM users WHERE auth_id = ?", keycloakId))
                    .isEqualTo(1);
            assertThat(db.count("SELECT COUNT(*) FROM users WHERE username = ?", username))
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- support view

    @Test
    void supportViewShowsTheAppUserAndItsKeycloakUser() throws Exception {
        String token = realm.clientToken("svc-admin");
        DemoUsers.DemoUser frank = demo("frank");
        HttpResponse<String> response = get("/users/{userId}", "/users/" + frank.id(), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode view = Http.json(response.body());
        assertThat(view.get("userId").asText()).isEqualTo(frank.id());
        assertThat(view.get("componentId").asText()).isEqualTo(realm.componentId);
        assertThat(view.get("email").asText()).isEqualTo(frank.email());
        assertThat(view.get("emailVerified").asBoolean()).isFalse();
        assertThat(view.get("enabled").asBoolean()).isTrue();
        assertThat(view.get("createdAt").isTextual()).isTrue();
        assertThat(view.get("keycloakUser").get("id").asText()).isEqualTo(federatedId(realm, frank.id()));
        assertThat(view.get("keycloakUser").get("federationLink").asText()).isEqualTo(realm.componentId);

        String username = "view-" + leg();
        String keycloakId = realm.createLocalUser(username, null, false, PASSWORD);
        String appId = expectUserId(bootstrap(realm.userToken(username, PASSWORD), null, null), 201, null);
        JsonNode local =
                Http.json(get("/users/{userId}", "/users/" + appId, token).body());
        assertThat(local.get("authId").asText()).isEqualTo(keycloakId);
        assertThat(local.get("keycloakUser").get("id").asText()).isEqualTo(keycloakId);
        assertThat(local.get("keycloakUser").get("federationLink").isNull()).isTrue();

        expectError(get("/users/{userId}", "/users/no-such-user", token), 404, "not_found");
        expectError(get("/users/{userId}", "/users/" + "x".repeat(300), token), 400, "value_too_long");
        expectError(
                get("/users/{userId}", "/users/" + frank.id(), realm.clientToken("svc-resolver")),
                403,
                "insufficient_role");
        expectError(
                get("/users/{userId}", "/users/" + frank.id(), realm.userToken(username, PASSWORD)),
                403,
                "insufficient_role");
        expectError(get("/users/{userId}", "/users/" + frank.id(), null), 401, "missing_token");
    }

    @Test
    void unknownOperationsAndTheDocumentAnswerJson() {
        HttpResponse<String> unknown = realm.get("/nope", realm.clientToken("svc-plain"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown.body()).get("error").asText()).isEqualTo("not_found");
        HttpResponse<String> document = get("/openapi.json", "/openapi.json", null);
        expectError(document, 401, "missing_token");
    }

    // ---------------------------------------------------------------- backfill

    @Test
    void backfillLinksInBatchesDryRunWritesNothingAndASecondRunChangesNothing() throws Exception {
        AppDatabase backfillDb = databaseLeg.appDatabase("identity_bridge_it_identity_backfill");
        backfillDb.recreate();
        backfillDb.applyReferenceSchemaWithDemoUsers();
        IdentityRealm bf = new IdentityRealm(
                server,
                admin,
                "it-identity-backfill-" + leg(),
                IdentityRealm.componentConfig(
                        backfillDb.keycloakJdbcUrl(), backfillDb.user(), backfillDb.password(), "WRITABLE"));
        try {
            // Keycloak-local users first: Keycloak refuses a local user whose email an app user already has
            String verifiedId = bf.createLocalUser("bf-verified", "bf-verified@example.net", true, PASSWORD);
            bf.createLocalUser("bf-unverified", "bf-unverified@example.net", false, PASSWORD);
            String takenId = bf.createLocalUser("bf-taken", "bf-taken@example.net", true, PASSWORD);
            insert(backfillDb, "r1-verified", "r1", "bf-verified@example.net", true, null);
            insert(backfillDb, "r2-unverified", "r2", "bf-unverified@example.net", true, null);
            insert(backfillDb, "r3-taken", "r3", "bf-taken@example.net", true, null);
            insert(backfillDb, "r4-owner", "r4", "r4@example.net", true, takenId);
            insert(backfillDb, "r5-no-email", "r5", null, true, null);
            int demoUsers = DemoUsers.all().size();
            Map<String, String> before = authIds(backfillDb);

            String token = bf.clientToken("svc-admin");
            Map<String, Long> dry = backfillAll(bf, token, true, 4);
            assertThat(dry)
                    .isEqualTo(Map.of("linked", (long) demoUsers + 2, "no_identity", 0L, "conflict", 2L, "failed", 0L));
            assertThat(authIds(backfillDb)).as("a dry run writes nothing").isEqualTo(before);

            Map<String, Long> first = backfillAll(bf, token, false, 4);
            assertThat(first).isEqualTo(dry);
            Map<String, String> after = authIds(backfillDb);
            assertThat(after.get("r1-verified")).isEqualTo(verifiedId);
            assertThat(after.get("r2-unverified")).isNull();
            assertThat(after.get("r3-taken")).isNull();
            assertThat(after.get("r4-owner")).isEqualTo(takenId);
            assertThat(after.get("r5-no-email")).isEqualTo(federatedId(bf, "r5-no-email"));
            for (DemoUsers.DemoUser demo : DemoUsers.all()) {
                assertThat(after.get(demo.id())).isEqualTo(federatedId(bf, demo.id()));
            }
            assertThat(backfillDb.count("SELECT COUNT(*) FROM identity_backfill_audit"))
                    .isEqualTo(demoUsers + 4);
            assertThat(backfillDb.count("SELECT COUNT(*) FROM identity_backfill_audit WHERE outcome = 'linked'"))
                    .isEqualTo(demoUsers + 2);
            assertThat(backfillDb.count(
                            "SELECT COUNT(*) FROM identity_backfill_audit WHERE outcome = 'conflict' AND app_user_id IN "
                                    + "('r2-unverified', 'r3-taken')"))
                    .isEqualTo(2);
            assertThat(backfillDb.count(
                            "SELECT COUNT(*) FROM identity_backfill_audit WHERE app_user_id = 'r1-verified' AND auth_id = ?",
                            verifiedId))
                    .isEqualTo(1);

            Map<String, Long> second = backfillAll(bf, token, false, 500);
            assertThat(second).isEqualTo(Map.of("linked", 0L, "no_identity", 0L, "conflict", 2L, "failed", 0L));
            assertThat(authIds(backfillDb)).as("a second run changes no user").isEqualTo(after);

            expectUserId(resolveIn(bf, Map.of("authId", verifiedId)), 200, "r1-verified");

            expectError(
                    backfillIn(bf, bf.clientToken("svc-resolver"), "application/json", "{}"), 403, "insufficient_role");
            expectError(
                    backfillIn(bf, bf.userToken("bf-verified", PASSWORD), "application/json", "{}"),
                    403,
                    "insufficient_role");
            expectError(backfillIn(bf, null, "application/json", "{}"), 401, "missing_token");
            expectError(backfillIn(bf, token, "application/json", "{\"limit\": 0}"), 400, "invalid_request");
            expectError(backfillIn(bf, token, "application/json", "{\"limit\": 501}"), 400, "invalid_request");
            expectError(backfillIn(bf, token, "application/json", "{\"after\": \"!!\"}"), 400, "invalid_request");
            expectError(backfillIn(bf, token, "application/json", "{\"dryRun\": \"yes\"}"), 400, "invalid_json");
            expectError(backfillIn(bf, token, "application/json", "{\"force\": true}"), 400, "unknown_field");
            expectError(backfillIn(bf, token, "text/plain", "{}"), 415, "unsupported_media_type");
        } finally {
            bf.delete();
        }
    }

    // ---------------------------------------------------------------- outage

    @Test
    void anUnreachableAppDatabaseAnswers503WithRetryAfterAndRecovers() throws Exception {
        Matcher hostPort = Pattern.compile("//([^:/]+):(\\d+)/").matcher(db.keycloakJdbcUrl());
        assertThat(hostPort.find()).isTrue();
        try (TcpProxy proxy = new TcpProxy(hostPort.group(1), Integer.parseInt(hostPort.group(2)))) {
            String proxied = db.keycloakJdbcUrl().replace(":" + hostPort.group(2) + "/", ":" + proxy.port() + "/");
            IdentityRealm outage = new IdentityRealm(
                    server,
                    admin,
                    "it-identity-outage-" + leg(),
                    IdentityRealm.componentConfig(proxied, db.user(), db.password(), "WRITABLE"));
            try {
                String adminToken = outage.clientToken("svc-admin");
                outage.createLocalUser("outage-user", null, false, PASSWORD);
                String userToken = outage.userToken("outage-user", PASSWORD);
                Map<String, Object> alice = Map.of("email", demo("alice").email());
                expectUserId(resolveIn(outage, alice), 200, demo("alice").id());

                proxy.cut();
                expectUnavailable(resolveIn(outage, alice), "POST", "/resolve");
                expectUnavailable(outage.post("/bootstrap", userToken, null, null), "POST", "/bootstrap");
                expectUnavailable(outage.get("/users/" + demo("alice").id(), adminToken), "GET", "/users/{userId}");
                expectUnavailable(
                        backfillIn(outage, adminToken, "application/json", "{\"dryRun\": true}"), "POST", "/backfill");
                assertThat(db.count("SELECT COUNT(*) FROM users WHERE username = 'outage-user'"))
                        .as("nothing half-written")
                        .isZero();

                proxy.restore();
                long restored = System.nanoTime();
                int status = 0;
                while (status != 200 && System.nanoTime() - restored < 15_000_000_000L) {
                    status = resolveIn(outage, alice).statusCode();
                    Thread.sleep(100);
                }
                assertThat(status).as("resolve after the database is back").isEqualTo(200);
            } finally {
                outage.delete();
            }
        }
    }

    // ---------------------------------------------------------------- latency

    @Test
    void latencyOfResolveAndBootstrap() {
        String resolver = realm.clientToken("svc-resolver");
        realm.createLocalUser("latency-" + leg(), null, false, PASSWORD);
        String user = realm.userToken("latency-" + leg(), PASSWORD);
        expectUserId(bootstrap(user, null, null), 201, null);
        List<DemoUsers.DemoUser> demos = DemoUsers.all();
        int calls = 300;
        List<Long> resolveNanos = new ArrayList<>();
        List<Long> bootstrapNanos = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            DemoUsers.DemoUser demo = demos.get(i % demos.size());
            Map<String, Object> body =
                    i % 2 == 0 ? Map.of("email", demo.email()) : Map.of("authId", federatedId(realm, demo.id()));
            long started = System.nanoTime();
            HttpResponse<String> resolved = realm.post("/resolve", resolver, "application/json", Http.toJson(body));
            resolveNanos.add(System.nanoTime() - started);
            assertThat(resolved.statusCode()).isEqualTo(200);
            started = System.nanoTime();
            HttpResponse<String> bootstrapped = realm.post("/bootstrap", user, null, null);
            bootstrapNanos.add(System.nanoTime() - started);
            assertThat(bootstrapped.statusCode()).isEqualTo(200);
        }
        System.out.printf(
                "[%s] latency over %d calls: resolve median %.1f ms p99 %.1f ms; bootstrap median %.1f ms p99 %.1f ms%n",
                leg(),
                calls,
                percentile(resolveNanos, 50),
                percentile(resolveNanos, 99),
                percentile(bootstrapNanos, 50),
                percentile(bootstrapNanos, 99));
    }

    // ---------------------------------------------------------------- helpers

    private HttpResponse<String> resolve(String token, Map<String, ?> body) {
        return resolveRaw(token, "application/json", Http.toJson(body));
    }

    private HttpResponse<String> resolveRaw(String token, String contentType, String body) {
        return checked("POST", "/resolve", realm.post("/resolve", token, contentType, body));
    }

    private HttpResponse<String> resolveIn(IdentityRealm in, Map<String, ?> body) {
        return checked(
                "POST",
                "/resolve",
                in.post("/resolve", in.clientToken("svc-resolver"), "application/json", Http.toJson(body)));
    }

    private HttpResponse<String> bootstrap(String token, String contentType, String body) {
        return checked("POST", "/bootstrap", realm.post("/bootstrap", token, contentType, body));
    }

    private HttpResponse<String> backfillIn(IdentityRealm in, String token, String contentType, String body) {
        return checked("POST", "/backfill", in.post("/backfill", token, contentType, body));
    }

    private HttpResponse<String> get(String template, String path, String token) {
        return checked("GET", template, realm.get(path, token));
    }

    private HttpResponse<String> checked(String method, String template, HttpResponse<String> response) {
        assertThat(response.statusCode())
                .as("%s %s: %s", method, template, response.body())
                .isLessThan(500 + (response.statusCode() == 503 ? 100 : 0));
        contract.check(method, template, response);
        return response;
    }

    private void expectUnavailable(HttpResponse<String> response, String method, String template) {
        contract.check(method, template, response);
        expectError(response, 503, "app_database_unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    }

    /** Pages through a whole backfill; returns the summed counts. */
    private Map<String, Long> backfillAll(IdentityRealm in, String token, boolean dryRun, int limit) {
        Map<String, Long> totals = new TreeMap<>(Map.of("linked", 0L, "no_identity", 0L, "conflict", 0L, "failed", 0L));
        String cursor = null;
        for (int calls = 0; calls < 100; calls++) {
            String body = Http.toJson(
                    cursor == null
                            ? Map.of("dryRun", dryRun, "limit", limit)
                            : Map.of("dryRun", dryRun, "limit", limit, "after", cursor));
            HttpResponse<String> response = backfillIn(in, token, "application/json", body);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode result = Http.json(response.body());
            assertThat(result.get("processed").asInt()).isLessThanOrEqualTo(limit);
            assertThat(result.get("decisions").size())
                    .isEqualTo(result.get("processed").asInt());
            result.get("counts")
                    .fields()
                    .forEachRemaining(e -> totals.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            if (result.get("nextCursor").isNull()) {
                return totals;
            }
            cursor = result.get("nextCursor").asText();
        }
        throw new AssertionError("backfill did not finish");
    }

    private static String expectUserId(HttpResponse<String> response, int status, String userId) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        String actual = Http.json(response.body()).get("userId").asText();
        if (userId != null) {
            assertThat(actual).isEqualTo(userId);
        }
        return actual;
    }

    private static void expectError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = Http.json(response.body());
        assertThat(body.get("error").asText()).as(response.body()).isEqualTo(code);
        assertThat(body.get("error_description").asText()).isNotBlank();
    }

    private String otherRealmToken() {
        String other = "it-identity-other-" + leg();
        admin.createRealm(other);
        assertThat(admin.post(
                                "/realms/" + other + "/users",
                                Map.of(
                                        "username",
                                        "stranger",
                                        "enabled",
                                        true,
                                        "firstName",
                                        "S",
                                        "lastName",
                                        "T",
                                        "email",
                                        "stranger@example.org",
                                        "credentials",
                                        List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> response = new OidcClient(server).passwordGrant(other, "stranger", PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response.body()).get("access_token").asText();
    }

    private void setEditMode(String editMode) {
        Map<String, String> config = new java.util.HashMap<>(componentConfig);
        config.put("editMode", editMode);
        HttpResponse<String> response = admin.updateComponent(realm.name, realm.componentId, "app users", config);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static String federatedId(IdentityRealm in, String appId) {
        return "f:" + in.componentId + ":" + appId;
    }

    private static DemoUsers.DemoUser demo(String username) {
        return DemoUsers.all().stream()
                .filter(u -> u.username().equals(username))
                .findFirst()
                .orElseThrow();
    }

    private void insertRow(String id, String username, String email, boolean emailVerified, String authId)
            throws SQLException {
        insert(db, id, username, email, emailVerified, authId);
    }

    private static void insert(
            AppDatabase into, String id, String username, String email, boolean emailVerified, String authId)
            throws SQLException {
        try (Connection c = into.connect();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (id, username, email, email_verified, enabled, auth_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, username);
            ps.setString(3, email);
            ps.setBoolean(4, emailVerified);
            ps.setBoolean(5, true);
            ps.setString(6, authId);
            ps.executeUpdate();
        }
    }

    private static Map<String, String> authIds(AppDatabase of) throws SQLException {
        Map<String, String> ids = new TreeMap<>();
        try (Connection c = of.connect();
                PreparedStatement ps = c.prepareStatement("SELECT id, auth_id FROM users");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.put(rs.getString(1), rs.getString(2));
            }
        }
        return Collections.unmodifiableMap(ids);
    }

    private Map<String, Object> row(String id) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM users WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("app row %s", id).isTrue();
                Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                return row;
            }
        }
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }

    private static double percentile(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1_000_000.0;
    }
}
