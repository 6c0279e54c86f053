package dev.identitybridge.it.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.DatabaseLegSuite;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakDatabase;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.identity.IdentityRealm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The identity resource attacked on a real Keycloak, once per app database: the account pre-hijack (an app row created
 * by the app's own sign-up with someone else's address, unverified) through bootstrap and through backfill, tokens of a
 * client whose scope lacks the role, tokens without the configured audience, disabled app users. The server runs with
 * {@code required-audience=identity-api}; Keycloak's own database is an H2 file of this suite, so that the outbox
 * rows can be read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountLinkAbuseSuite extends DatabaseLegSuite {

    private static final String PASSWORD = "Abuse-Passw0rd!";
    private static final String AUDIENCE = "identity-api";
    private static final String LINKED = "identity.user.linked.v1";

    private KeycloakServer server;
    private KeycloakAdmin admin;
    private KeycloakDatabase keycloakDb;
    private AppDatabase db;
    private IdentityRealm realm;
    private String realmId;
    private final HttpClient http = Http.client();

    @BeforeAll
    void setUp() throws Exception {
        Path work = Path.of(System.getProperty("it.work.dir", "target/it-work"), "abuse-link-" + leg());
        keycloakDb = KeycloakDatabase.h2(work.resolve("keycloak-db"));
        keycloakDb.recreate();
        List<String> options = new ArrayList<>(keycloakDb.serverOptions());
        options.add("--spi-realm-restapi-extension--identity--required-audience=" + AUDIENCE);
        server = KeycloakServer.start(KeycloakServer.distribution("abuse-link"), work, options);
        admin = new KeycloakAdmin(server);
        db = databaseLeg.appDatabase("h2_abuse_link_" + leg());
        db.recreate();
        db.applyReferenceSchema();
        String name = "abuse-link-" + leg();
        realm = new IdentityRealm(
                server,
                admin,
                name,
                IdentityRealm.componentConfig(db.keycloakJdbcUrl(), db.user(), db.password(), "WRITABLE"));
        realmId = admin.realmId(name);
        assertThat(admin.put("/realms/" + name, Map.of("eventsListeners", List.of("jboss-logging", "outbox")))
                        .statusCode())
                .isEqualTo(204);
        // the audience the server requires, on the clients that call the resource (not on "no-audience")
        HttpResponse<String> scope = admin.post(
                "/realms/" + name + "/client-scopes",
                Map.of(
                        "name",
                        "identity-api",
                        "protocol",
                        "openid-connect",
                        "protocolMappers",
                        List.of(Map.of(
                                "name",
                                "identity-bridge audience",
                                "protocol",
                                "openid-connect",
                                "protocolMapper",
                                "oidc-audience-mapper",
                                "config",
                                Map.of(
                                        "included.custom.audience",
                                        AUDIENCE,
                                        "access.token.claim",
                                        "true",
                                        "id.token.claim",
                                        "false")))));
        assertThat(scope.statusCode()).as(scope.body()).isEqualTo(201);
        String scopeId = idOf(scope);
        realm.createClient(Map.of(
                "clientId",
                "no-audience",
                "publicClient",
                false,
                "secret",
                IdentityRealm.SECRET,
                "serviceAccountsEnabled",
                true,
                "standardFlowEnabled",
                false,
                "directAccessGrantsEnabled",
                false));
        realm.grant("no-audience", "identity-bridge", "resolve-users");
        for (String client : List.of("svc-resolver", "svc-admin", OidcClient.DIRECT_GRANT_CLIENT)) {
            addScope(client, scopeId);
        }
        // a low-trust client: full scope off, no scope mapping for the roles its users and service account hold
        for (String client : List.of("low-trust", "full-trust")) {
            realm.createClient(Map.of(
                    "clientId",
                    client,
                    "publicClient",
                    false,
                    "secret",
                    IdentityRealm.SECRET,
                    "serviceAccountsEnabled",
                    true,
                    "standardFlowEnabled",
                    false,
                    "directAccessGrantsEnabled",
                    true,
                    "fullScopeAllowed",
                    client.equals("full-trust")));
            addScope(client, scopeId);
            realm.grant(client, "identity-bridge", "resolve-users");
            realm.grant(client, "realm-management", "view-users");
            realm.grant(client, "realm-management", "manage-users");
        }
        String support = realm.createLocalUser("support", "support@abuse.example.net", true, PASSWORD);
        for (String[] role : new String[][] {
            {"identity-bridge", "resolve-users"},
            {"realm-management", "view-users"},
            {"realm-management", "manage-users"}
        }) {
            grantUser(support, role[0], role[1]);
        }
    }

    @AfterAll
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- account pre-hijack

    @Test
    void bootstrapNeverHandsAnUnverifiedAppRowToTheOwnerOfItsEmail() throws Exception {
        // the real owner has a verified address in Keycloak; the app's sign-up then stored the same address, unverified
        String owner = realm.createLocalUser("owner-boot", "owner-boot@abuse.example.net", true, PASSWORD);
        insert("attacker-boot", "attacker-boot", "owner-boot@abuse.example.net", false, true);
        String token = realm.userToken("owner-boot", PASSWORD);

        expectError(realm.post("/bootstrap", token, null, null), 409, "email_link_unverified");
        assertThat(authId("attacker-boot")).as("nothing linked").isNull();
        assertThat(db.count("SELECT COUNT(*) FROM users WHERE auth_id = ?", owner))
                .as("nothing provisioned")
                .isZero();
        assertThat(linkedRows(owner)).isEmpty();

        // once the app verified the address, the link is proven on both sides
        db.execute("UPDATE users SET email_verified = TRUE WHERE id = 'attacker-boot'");
        HttpResponse<String> linked = realm.post("/bootstrap", token, null, null);
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        assertThat(Http.json(linked.body()).get("userId").asText()).isEqualTo("attacker-boot");
        assertThat(authId("attacker-boot")).isEqualTo(owner);
        List<JsonNode> rows = linkedRows(owner);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("userId").asText()).isEqualTo("attacker-boot");
        assertThat(rows.get(0).get("details").get("linkedBy").asText()).isEqualTo("bootstrap");
        assertThat(rows.get(0).get("clientId").asText()).isEqualTo(OidcClient.DIRECT_GRANT_CLIENT);

        assertThat(realm.post("/bootstrap", token, null, null).statusCode()).isEqualTo(200);
        assertThat(linkedRows(owner)).as("a found user is not linked again").hasSize(1);
    }

    @Test
    void bootstrapRefusesAnUnverifiedKeycloakEmailToo() throws Exception {
        String user = realm.createLocalUser("unverified-kc", "unverified-kc@abuse.example.net", false, PASSWORD);
        insert("app-unverified-kc", "app-unverified-kc", "unverified-kc@abuse.example.net", true, true);
        expectError(
                realm.post("/bootstrap", realm.userToken("unverified-kc", PASSWORD), null, null),
                409,
                "email_link_unverified");
        assertThat(authId("app-unverified-kc")).isNull();
        assertThat(linkedRows(user)).isEmpty();
    }

    @Test
    void backfillNeverHandsAnUnverifiedAppRowToTheOwnerOfItsEmail() throws Exception {
        String owner = realm.createLocalUser("owner-fill", "owner-fill@abuse.example.net", true, PASSWORD);
        insert("attacker-fill", "attacker-fill", "owner-fill@abuse.example.net", false, true);
        String token = realm.clientToken("svc-admin");

        JsonNode first = decision(backfill(token), "attacker-fill");
        assertThat(first.get("outcome").asText()).isEqualTo("conflict");
        assertThat(first.get("detail").asText()).startsWith("email_link_unverified");
        assertThat(authId("attacker-fill")).isNull();
        assertThat(linkedRows(owner)).isEmpty();

        db.execute("UPDATE users SET email_verified = TRUE WHERE id = 'attacker-fill'");
        JsonNode second = decision(backfill(token), "attacker-fill");
        assertThat(second.get("outcome").asText()).isEqualTo("linked");
        assertThat(authId("attacker-fill")).isEqualTo(owner);
        assertThat(db.count(
                        "SELECT COUNT(*) FROM identity_backfill_audit WHERE app_user_id = 'attacker-fill' AND outcome = 'linked' "
                                + "AND auth_id = ?",
                        owner))
                .as("the link's audit row")
                .isEqualTo(1);
        List<JsonNode> rows = linkedRows(owner);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("details").get("linkedBy").asText()).isEqualTo("backfill");
        assertThat(rows.get(0).get("clientId").asText()).isEqualTo("svc-admin");
    }

    @Test
    void theComponentsStatementThatTheAppVerifiesEmailsIsProofForTheAppSide() throws Exception {
        Map<String, String> config = new java.util.HashMap<>(
                IdentityRealm.componentConfig(db.keycloakJdbcUrl(), db.user(), db.password(), "WRITABLE"));
        String owner = realm.createLocalUser("owner-stated", "owner-stated@abuse.example.net", true, PASSWORD);
        insert("app-stated", "app-stated", "owner-stated@abuse.example.net", false, true);
        config.put("appVerifiesEmails", "true");
        try {
            assertThat(admin.updateComponent(realm.name, realm.componentId, "app users", config)
                            .statusCode())
                    .isEqualTo(204);
            HttpResponse<String> linked =
                    realm.post("/bootstrap", realm.userToken("owner-stated", PASSWORD), null, null);
            assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
            assertThat(authId("app-stated")).isEqualTo(owner);
        } finally {
            config.put("appVerifiesEmails", "false");
            assertThat(admin.updateComponent(realm.name, realm.componentId, "app users", config)
                            .statusCode())
                    .isEqualTo(204);
        }
    }

    // ---------------------------------------------------------------- disabled app users

    @Test
    void aDisabledAppUserGetsNoUserId() throws Exception {
        String byEmail = realm.createLocalUser("disabled-mail", "disabled-mail@abuse.example.net", true, PASSWORD);
        insert("app-disabled-mail", "app-disabled-mail", "disabled-mail@abuse.example.net", true, false);
        expectError(
                realm.post("/bootstrap", realm.userToken("disabled-mail", PASSWORD), null, null), 403, "user_disabled");
        assertThat(authId("app-disabled-mail")).as("nothing linked").isNull();
        assertThat(linkedRows(byEmail)).isEmpty();

        String linked = realm.createLocalUser("disabled-linked", "disabled-linked@abuse.example.net", true, PASSWORD);
        String token = realm.userToken("disabled-linked", PASSWORD);
        String appId = Http.json(realm.post("/bootstrap", token, null, null).body())
                .get("userId")
                .asText();
        assertThat(authId(appId)).isEqualTo(linked);
        db.execute("UPDATE users SET enabled = FALSE WHERE id = '" + appId + "'");
        expectError(realm.post("/bootstrap", token, null, null), 403, "user_disabled");
    }

    // ---------------------------------------------------------------- role scope and audience

    @Test
    void aRoleOutsideTheTokensScopeGrantsNothingHereAsInKeycloaksAdminApi() {
        String userToken = passwordToken("low-trust", "support");
        String serviceToken = clientCredentials("low-trust");
        for (String token : List.of(userToken, serviceToken)) {
            expectError(realm.get("/users/attacker-boot", token), 403, "insufficient_role");
            expectError(
                    realm.post("/backfill", token, "application/json", "{\"dryRun\": true}"), 403, "insufficient_role");
            assertThat(adminApi(token).statusCode())
                    .as("Keycloak's admin API refuses the same token")
                    .isEqualTo(403);
        }
        expectError(resolve(serviceToken), 403, "insufficient_role");

        // control: the same grants through a client with full scope pass everywhere
        String fullUser = passwordToken("full-trust", "support");
        String fullService = clientCredentials("full-trust");
        for (String token : List.of(fullUser, fullService)) {
            assertThat(realm.get("/users/no-such-user", token).statusCode()).isEqualTo(404);
            assertThat(realm.post("/backfill", token, "application/json", "{\"dryRun\": true}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(adminApi(token).statusCode()).isEqualTo(200);
        }
        assertThat(resolve(fullService).statusCode()).isEqualTo(404);
    }

    @Test
    void aTokenWithoutTheConfiguredAudienceIsRefused() {
        String noAudience = clientCredentials("no-audience");
        assertThat(Http.json(new String(java.util.Base64.getUrlDecoder()
                                .decode(noAudience.split("\\.")[1])))
                        .path("aud")
                        .toString())
                .as("the token holds the role but not the audience")
                .doesNotContain(AUDIENCE);
        expectError(resolve(noAudience), 401, "invalid_token");
        expectError(realm.get("/users/x", noAudience), 401, "invalid_token");
        assertThat(resolve(realm.clientToken("svc-resolver")).statusCode())
                .as("with the audience")
                .isEqualTo(404);
    }

    // ---------------------------------------------------------------- helpers

    private HttpResponse<String> resolve(String token) {
        return realm.post("/resolve", token, "application/json", "{\"email\": \"nobody@abuse.example.net\"}");
    }

    private JsonNode backfill(String token) {
        HttpResponse<String> response = realm.post("/backfill", token, "application/json", "{\"limit\": 500}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response.body());
    }

    private static JsonNode decision(JsonNode result, String appUserId) {
        for (JsonNode item : result.get("decisions")) {
            if (item.get("userId").asText().equals(appUserId)) {
                return item;
            }
        }
        throw new AssertionError("no decision for " + appUserId + " in " + result);
    }

    private HttpResponse<String> adminApi(String token) {
        return Http.send(
                http,
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms/" + realm.name + "/users?max=1"))
                        .timeout(Http.TIMEOUT)
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build());
    }

    private String passwordToken(String client, String username) {
        return token(Map.of(
                "grant_type",
                "password",
                "client_id",
                client,
                "client_secret",
                IdentityRealm.SECRET,
                "username",
                username,
                "password",
                PASSWORD));
    }

    private String clientCredentials(String client) {
        return token(
                Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", IdentityRealm.SECRET));
    }

    private String token(Map<String, String> form) {
        HttpResponse<String> response =
                Http.postForm(http, server.realmUrl(realm.name) + "/protocol/openid-connect/token", form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response.body()).get("access_token").asText();
    }

    private void addScope(String clientId, String scopeId) {
        HttpResponse<String> response = admin.put(
                "/realms/" + realm.name + "/clients/" + realm.clientUuid(clientId) + "/default-client-scopes/"
                        + scopeId,
                Map.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private void grantUser(String userId, String roleClient, String role) {
        String clientUuid = realm.clientUuid(roleClient);
        JsonNode rep = admin.getJson("/realms/" + realm.name + "/clients/" + clientUuid + "/roles/" + role);
        HttpResponse<String> response = admin.post(
                "/realms/" + realm.name + "/users/" + userId + "/role-mappings/clients/" + clientUuid,
                List.of(Http.JSON.convertValue(rep, Map.class)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static String idOf(HttpResponse<String> created) {
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void expectError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response.body()).get("error").asText())
                .as(response.body())
                .isEqualTo(code);
    }

    private void insert(String id, String username, String email, boolean emailVerified, boolean enabled)
            throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (id, username, email, email_verified, enabled) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, username);
            ps.setString(3, email);
            ps.setBoolean(4, emailVerified);
            ps.setBoolean(5, enabled);
            ps.executeUpdate();
        }
    }

    private String authId(String appId) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT auth_id FROM users WHERE id = ?")) {
            ps.setString(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("app row %s", appId).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** Payloads of the realm's identity.user.linked.v1 outbox rows about {@code authId}. */
    private List<JsonNode> linkedRows(String authId) throws SQLException {
        List<JsonNode> payloads = new ArrayList<>();
        try (Connection c = keycloakDb.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT payload FROM identity_outbox WHERE realm_id = ? AND aggregateid = ? AND type = ?")) {
            ps.setString(1, realmId);
            ps.setString(2, authId);
            ps.setString(3, LINKED);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    payloads.add(Http.json(rs.getString(1)));
                }
            }
        }
        return payloads;
    }
}
