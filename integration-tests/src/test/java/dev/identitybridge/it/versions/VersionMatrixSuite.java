package dev.identitybridge.it.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.DemoRealm;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.DemoUsers.DemoUser;
import dev.identitybridge.it.harness.H2AppDatabase;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakDatabase;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.outbox.OutboxRows;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Smoke-level checks of the one JAR on one Keycloak version (from Maven Central's keycloak-quarkus-dist), all on a
 * single server start: the demo realm of {@code realm-export/} imported over the admin API with its app users on H2,
 * lookup, login with every hash format, admin search paging, writes, resolve and bootstrap, the outbox row of a login
 * read from Keycloak's own database (an H2 file the test opens next to the server). Subclasses name the version.
 */
@Tag("versions")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VersionMatrixSuite {

    static final String REALM = DemoRealm.NAME;
    static final int PAGED_USERS = 25;
    static final String NEW_PASSWORD = "Matrix-Passw0rd!";

    private KeycloakServer server;
    private KeycloakAdmin admin;
    private OidcClient oidc;
    private H2AppDatabase appDb;
    private OutboxRows outbox;
    private String componentId;

    /** The property of the build that names this suite's version, e.g. {@code keycloak.matrix.26-4}. */
    protected abstract String versionProperty();

    String version() {
        String version = System.getProperty(versionProperty());
        assertThat(version)
                .as("system property %s (set by the integration tests' pom)", versionProperty())
                .isNotBlank();
        return version;
    }

    @BeforeAll
    void startKeycloak() throws Exception {
        Path workDir = Path.of(System.getProperty("it.work.dir", "target/it-work"), "versions-" + version());
        KeycloakDatabase keycloakDb = KeycloakDatabase.h2(workDir.resolve("keycloak-db"));
        keycloakDb.recreate();
        appDb = new H2AppDatabase();
        appDb.applyReferenceSchemaWithDemoUsers();
        appDb.seedUsers("page", PAGED_USERS);
        Path home = KeycloakServer.distribution("versions-" + version(), KeycloakServer.pristineHome(version()), true);
        server = KeycloakServer.start(home, workDir, keycloakDb.serverOptions());
        System.out.printf(
                "[versions] Keycloak %s started in %.1f s%n",
                version(), server.startTime().toMillis() / 1000.0);
        admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
        outbox = new OutboxRows(keycloakDb);
        DemoRealm.importInto(admin, appDb);
        admin.addTestClients(REALM);
        componentId = admin.getJson("/realms/" + REALM + "/components?type=" + KeycloakAdmin.USER_STORAGE_TYPE)
                .get(0)
                .get("id")
                .asText();
    }

    @AfterAll
    void stopKeycloak() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<DemoUser> enabledDemoUsers() {
        return DemoUsers.all().stream().filter(DemoUser::enabled);
    }

    private String federatedId(String appId) {
        return "f:" + componentId + ":" + appId;
    }

    @Test
    void theServerIsTheVersionUnderTestWithEveryProviderOfTheJar() {
        JsonNode info = admin.getJson("/serverinfo");
        assertThat(info.get("systemInfo").get("version").asText()).isEqualTo(version());
        assertThat(info.get("componentTypes")
                        .get(KeycloakAdmin.USER_STORAGE_TYPE)
                        .findValuesAsText("id"))
                .contains("external-users");
        assertThat(info.get("providers").get("eventsListener").get("providers").has("outbox"))
                .isTrue();
        assertThat(info.get("providers")
                        .get("realm-restapi-extension")
                        .get("providers")
                        .has("identity"))
                .isTrue();
    }

    @Test
    void lookupFindsFederatedUsersByUsernameEmailAndId() {
        DemoUser alice = DemoUsers.named("alice");
        JsonNode byName = admin.getJson("/realms/" + REALM + "/users?exact=true&username=alice");
        assertThat(byName).hasSize(1);
        assertThat(byName.get(0).get("id").asText()).isEqualTo(federatedId(alice.id()));
        JsonNode byEmail =
                admin.getJson("/realms/" + REALM + "/users?exact=true&email=" + Http.encode("ALICE@Example.COM"));
        assertThat(byEmail).hasSize(1);
        JsonNode user = admin.getJson("/realms/" + REALM + "/users/" + Http.encode(federatedId(alice.id())));
        assertThat(user.get("federationLink").asText()).isEqualTo(componentId);
        assertThat(user.get("attributes").get("app_user_id").get(0).asText()).isEqualTo(alice.id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("enabledDemoUsers")
    void passwordGrantWorksForEveryHashFormat(DemoUser user) {
        HttpResponse<String> response = oidc.passwordGrant(REALM, user.username(), DemoUsers.PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode claims =
                OidcClient.claims(Http.json(response.body()).get("access_token").asText());
        assertThat(claims.get("sub").asText()).isEqualTo(federatedId(user.id()));
        assertThat(oidc.passwordGrant(REALM, user.username(), "not-" + DemoUsers.PASSWORD)
                        .statusCode())
                .isBetween(400, 401);
    }

    @Test
    void theDemoAppLogsInThroughTheLoginThemeWithTheAppUserIdClaim() {
        DemoUser carol = DemoUsers.named("carol");
        OidcClient.BrowserLogin login =
                oidc.authorizationCodeLogin(REALM, "demo-app", carol.username(), DemoUsers.PASSWORD);
        assertThat(login.tokens()).as(login.page()).isPresent();
        JsonNode idToken =
                OidcClient.claims(login.tokens().get().get("id_token").asText());
        assertThat(idToken.get("user_id").asText()).isEqualTo(carol.id());
        assertThat(idToken.get("sub").asText()).isEqualTo(federatedId(carol.id()));
    }

    @Test
    void adminSearchPagesThroughTheAppTable() {
        List<String> names = new ArrayList<>();
        for (int first = 0; first < PAGED_USERS + 10; first += 10) {
            JsonNode page = admin.getJson(
                    "/realms/" + REALM + "/users?briefRepresentation=true&search=page&first=" + first + "&max=10");
            assertThat(page.size()).as("page at %d", first).isEqualTo(Math.max(0, Math.min(10, PAGED_USERS - first)));
            page.forEach(u -> names.add(u.get("username").asText()));
        }
        assertThat(names).hasSize(PAGED_USERS).doesNotHaveDuplicates().isSorted();
        assertThat(admin.getJson("/realms/" + REALM + "/users/count?search=page")
                        .asInt())
                .isEqualTo(PAGED_USERS);
    }

    @Test
    void anAdminCreatedUserIsWrittenToTheAppTableAndLogsIn() throws Exception {
        HttpResponse<String> created = admin.post(
                "/realms/" + REALM + "/users",
                Map.of(
                        "username",
                        "matrix-admin",
                        "email",
                        "matrix-admin@example.org",
                        "emailVerified",
                        true,
                        "firstName",
                        "Matrix",
                        "lastName",
                        "Admin",
                        "enabled",
                        true));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = java.net.URLDecoder.decode(
                location.substring(location.lastIndexOf('/') + 1), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(id).startsWith("f:" + componentId + ":");
        HttpResponse<String> reset = admin.put(
                "/realms/" + REALM + "/users/" + Http.encode(id) + "/reset-password",
                Map.of("type", "password", "value", NEW_PASSWORD, "temporary", false));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);

        assertThat(appRow("matrix-admin")).hasValueSatisfying(row -> {
            assertThat(row.get("auth_id")).isEqualTo(id);
            assertThat(row.get("password_hash")).startsWith("$argon2id$");
        });
        assertThat(oidc.passwordGrant(REALM, "matrix-admin", NEW_PASSWORD).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theRegistrationFormWritesTheAppRow() throws Exception {
        OidcClient.BrowserLogin registered = oidc.register(
                REALM,
                Map.of(
                        "username",
                        "matrix-reg",
                        "email",
                        "matrix-reg@example.org",
                        "firstName",
                        "Matrix",
                        "lastName",
                        "Registered",
                        "password",
                        NEW_PASSWORD,
                        "password-confirm",
                        NEW_PASSWORD));
        assertThat(registered.tokens()).as(registered.page()).isPresent();
        Map<String, String> row = appRow("matrix-reg").orElseThrow();
        assertThat(row.get("email")).isEqualTo("matrix-reg@example.org");
        assertThat(row.get("password_hash")).startsWith("$argon2id$");
        // the it-web client has no user_id mapper (demo-app has): the subject names the new row
        assertThat(OidcClient.claims(registered.tokens().get().get("id_token").asText())
                        .get("sub")
                        .asText())
                .isEqualTo(federatedId(row.get("id")));
        assertThat(row.get("auth_id")).isEqualTo(federatedId(row.get("id")));
    }

    @Test
    void resolveAndBootstrapAnswerWithTheAppUserId() {
        DemoUser bob = DemoUsers.named("bob");
        HttpResponse<String> gateway = Http.postForm(
                Http.client(),
                server.realmUrl(REALM) + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "internal-gateway",
                        "client_secret",
                        "gateway-secret"));
        assertThat(gateway.statusCode()).as(gateway.body()).isEqualTo(200);
        String serviceToken = Http.json(gateway.body()).get("access_token").asText();
        expectUserId(
                identity("/resolve", serviceToken, Map.of("email", bob.email().toUpperCase())), 200, bob.id());
        expectUserId(identity("/resolve", serviceToken, Map.of("authId", federatedId(bob.id()))), 200, bob.id());
        HttpResponse<String> unknown = identity("/resolve", serviceToken, Map.of("email", "nobody@example.org"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown.body()).get("error").asText()).isEqualTo("not_found");

        HttpResponse<String> login = oidc.passwordGrant(REALM, bob.username(), DemoUsers.PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String userToken = Http.json(login.body()).get("access_token").asText();
        expectUserId(identity("/bootstrap", userToken, null), 200, bob.id());
        HttpResponse<String> refused = identity("/bootstrap", serviceToken, null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    }

    @Test
    void aLoginWritesExactlyOneOutboxRowInKeycloaksDatabase() {
        DemoUser heidi = DemoUsers.named("heidi");
        String authId = federatedId(heidi.id());
        List<OutboxRows.Row> before = outbox.ofAggregate(authId);
        HttpResponse<String> login = oidc.passwordGrant(REALM, heidi.username(), DemoUsers.PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        List<OutboxRows.Row> added = OutboxRows.added(before, outbox.ofAggregate(authId));
        assertThat(OutboxRows.types(added)).containsExactly("identity.login.succeeded.v1");
        JsonNode payload = added.get(0).payload();
        assertThat(payload.get("userId").asText()).isEqualTo(heidi.id());
        assertThat(payload.get("realmName").asText()).isEqualTo(REALM);
    }

    private HttpResponse<String> identity(String path, String token, Map<String, ?> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.realmUrl(REALM) + "/identity" + path))
                .timeout(Http.TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .POST(
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(Http.toJson(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return Http.send(Http.client(), request.build());
    }

    private static void expectUserId(HttpResponse<String> response, int status, String userId) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response.body()).get("userId").asText()).isEqualTo(userId);
    }

    /** The app row of {@code username}, its columns as text (lower-case names). */
    private Optional<Map<String, String>> appRow(String username) throws Exception {
        try (Connection c = appDb.connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT id, auth_id, email, password_hash FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(Map.of(
                        "id",
                        rs.getString(1),
                        "auth_id",
                        String.valueOf(rs.getString(2)),
                        "email",
                        String.valueOf(rs.getString(3)),
                        "password_hash",
                        String.valueOf(rs.getString(4))));
            }
        }
    }
}
