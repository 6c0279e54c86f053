package dev.identitybridge.it.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.DatabaseLegSuite;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A realm admin (only {@code manage-realm} of a realm that is not master, token from that realm's {@code admin-cli})
 * tries to turn the external-users component into a door to the Keycloak host, against a real Keycloak whose
 * operator allowed H2, H2 files in one directory and one database host ({@code 127.0.0.1}). Every dangerous URL form
 * of the leg's driver must be refused with 400 before a connection is opened (a local server counts connections),
 * without a file written; a server that accepts and never answers is bounded in time; the stored password never
 * follows a new URL; no credential fed in reaches the server log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcUrlAbuseSuite extends DatabaseLegSuite {

    static final String REALM_ADMIN = "realm-admin";
    static final String REALM_ADMIN_PASSWORD = "Realm-Admin-Pw-1";
    /** A host the operator did not allow (a loopback address all the same, so a connection would be seen). */
    static final String FORBIDDEN_HOST = "127.0.0.2";
    /** This suite's own schema (PostgreSQL) or database (MariaDB). */
    static final String APP_DATABASE = "h1_jdbc_url_abuse";

    private static KeycloakServer server;
    private static Path workDir;

    protected AppDatabase db;
    protected KeycloakAdmin master;
    protected String realm;
    private String realmId;
    private final HttpClient http = Http.client();
    private String realmAdminToken;
    /** Listens on the allowed host; counts connections, never answers. */
    protected SilentServer silent;
    /** Listens on the forbidden host; must never see a connection. */
    protected SilentServer forbidden;

    /** A URL of this leg's accepted form for {@code host:port}. */
    protected abstract String urlFor(String hostPort);

    /** Dangerous URLs of this leg's driver, each aimed at {@code hostPort} (a counting server) where it names a host. */
    protected abstract List<String> hostileUrls(String hostPort, Path h2Allowed, Path outside);

    /** Files an accepted hostile URL would have created. */
    protected List<Path> filesThatMustNotExist(Path h2Allowed, Path outside) {
        return List.of();
    }

    /** A database user with a password (created if needed) that this leg's database accepts: {user, password}. */
    protected abstract String[] userWithPassword() throws Exception;

    /** One Keycloak for all legs of the run: H2 allowed, H2 files in one directory, one database host. */
    static synchronized KeycloakServer server() throws IOException {
        if (server == null) {
            workDir = Path.of(System.getProperty("it.work.dir", "target/it-work"), "abuse")
                    .toAbsolutePath();
            Files.createDirectories(workDir.resolve("h2-allowed"));
            Files.createDirectories(workDir.resolve("h2-outside"));
            server = KeycloakServer.start(
                    KeycloakServer.distribution("abuse"),
                    workDir,
                    List.of(
                            KeycloakServer.ALLOW_H2_OPTION + "=true",
                            "--spi-storage--external-users--h2-directory=" + workDir.resolve("h2-allowed"),
                            "--spi-storage--external-users--allowed-hosts=127.0.0.1"));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    static Path h2Allowed() {
        return workDir.resolve("h2-allowed");
    }

    static Path outside() {
        return workDir.resolve("h2-outside");
    }

    @BeforeAll
    void setUp() throws Exception {
        server();
        master = new KeycloakAdmin(server);
        db = databaseLeg.appDatabase(APP_DATABASE);
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        realm = "abuse-" + leg();
        master.createRealm(realm);
        realmId = master.realmId(realm);
        realmAdminToken = createRealmAdmin();
        silent = new SilentServer(InetAddress.getByName("127.0.0.1"));
        forbidden = new SilentServer(InetAddress.getByName(FORBIDDEN_HOST));
    }

    @AfterAll
    void tearDown() throws IOException {
        if (silent != null) {
            silent.close();
        }
        if (forbidden != null) {
            forbidden.close();
        }
        if (master != null) {
            master.delete("/realms/" + realm);
        }
    }

    /** A user of the realm holding realm-management's manage-realm only; returns its token from the realm's admin-cli. */
    private String createRealmAdmin() {
        HttpResponse<String> created = master.post(
                "/realms/" + realm + "/users",
                Map.of(
                        "username",
                        REALM_ADMIN,
                        "enabled",
                        true,
                        "email",
                        "realm-admin@example.org",
                        "emailVerified",
                        true,
                        "firstName",
                        "Realm",
                        "lastName",
                        "Admin",
                        "credentials",
                        List.of(Map.of("type", "password", "value", REALM_ADMIN_PASSWORD, "temporary", false))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String userId = location.substring(location.lastIndexOf('/') + 1);
        String managementId = master.getJson("/realms/" + realm + "/clients?clientId=realm-management")
                .get(0)
                .get("id")
                .asText();
        JsonNode manageRealm = master.getJson("/realms/" + realm + "/clients/" + managementId + "/roles/manage-realm");
        HttpResponse<String> granted = master.post(
                "/realms/" + realm + "/users/" + userId + "/role-mappings/clients/" + managementId,
                List.of(Map.of("id", manageRealm.get("id").asText(), "name", "manage-realm")));
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(204);
        HttpResponse<String> token = Http.postForm(
                http,
                server.realmUrl(realm) + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "admin-cli",
                        "username",
                        REALM_ADMIN,
                        "password",
                        REALM_ADMIN_PASSWORD));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Http.json(token.body()).get("access_token").asText();
    }

    /** Component config of a working component on this leg's database. */
    protected Map<String, String> baseConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jdbcUrl", db.keycloakJdbcUrl());
        config.put("dbUser", db.user());
        config.put("dbPassword", db.password());
        config.put("poolAcquisitionTimeoutMs", "2000");
        return config;
    }

    /** The realm admin's own request, with its own token. */
    protected HttpResponse<String> asRealmAdmin(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/admin/realms/" + realm + path))
                .timeout(Http.TIMEOUT)
                .header("Authorization", "Bearer " + realmAdminToken)
                .header("Content-Type", "application/json");
        request = body == null
                ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(Http.toJson(body)));
        return Http.send(http, request.build());
    }

    protected HttpResponse<String> createAsRealmAdmin(Map<String, String> config) {
        return asRealmAdmin("POST", "/components", component(config));
    }

    private Map<String, Object> component(Map<String, String> config) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        config.forEach((k, v) -> multi.put(k, List.of(v)));
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("name", "abuse");
        rep.put("providerId", "external-users");
        rep.put("providerType", KeycloakAdmin.USER_STORAGE_TYPE);
        rep.put("parentId", realmId);
        rep.put("config", multi);
        return rep;
    }

    private static String errorMessage(HttpResponse<String> response) {
        return Http.json(response.body()).path("errorMessage").asText(response.body());
    }

    @Test
    void theRealmAdminCanSaveAComponentAtAll() {
        // the abuse below is refused for what it is, not because this admin lacks a right
        HttpResponse<String> response = createAsRealmAdmin(baseConfig());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(asRealmAdmin("DELETE", "/components/" + location.substring(location.lastIndexOf('/') + 1), null)
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void everyDangerousUrlFormIsRefusedBeforeAnyConnection() {
        int before = master.componentCount(realm);
        int acceptedBefore = silent.accepted();
        List<String> urls = new ArrayList<>(hostileUrls("127.0.0.1:" + silent.port(), h2Allowed(), outside()));
        urls.add(urlFor(FORBIDDEN_HOST + ":" + forbidden.port()));
        for (String url : urls) {
            Map<String, String> config = baseConfig();
            config.put("jdbcUrl", url);
            HttpResponse<String> response = createAsRealmAdmin(config);
            assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(400);
            assertThat(errorMessage(response)).as(url).startsWith("JDBC URL refused");
        }
        assertThat(silent.accepted()).as("connections opened by refused URLs").isEqualTo(acceptedBefore);
        assertThat(forbidden.accepted())
                .as("connections to the host the operator did not allow")
                .isZero();
        assertThat(master.componentCount(realm)).isEqualTo(before);
        for (Path file : filesThatMustNotExist(h2Allowed(), outside())) {
            assertThat(file).as("written by a refused URL").doesNotExist();
        }
    }

    @Test
    void aServerThatNeverAnswersIsBoundedAndLooksLikeAnyOtherNetworkFailure() throws IOException {
        Map<String, String> config = baseConfig();
        config.put("jdbcUrl", urlFor("127.0.0.1:" + silent.port()));
        int acceptedBefore = silent.accepted();
        long started = System.nanoTime();
        HttpResponse<String> hanging = createAsRealmAdmin(config);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(hanging.statusCode()).as(hanging.body()).isEqualTo(400);
        assertThat(silent.accepted()).as("the driver reached the silent server").isGreaterThan(acceptedBefore);
        assertThat(millis).as("an admin request held by a silent server (ms)").isLessThan(15_000);

        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        config.put("jdbcUrl", urlFor("127.0.0.1:" + closedPort));
        HttpResponse<String> refused = createAsRealmAdmin(config);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(errorMessage(refused))
                .as("refused and never answering look alike")
                .isEqualTo(errorMessage(hanging))
                .contains("refused, unreachable or no answer in time");
    }

    @Test
    void theStoredPasswordNeverFollowsANewUrlOrUser() throws Exception {
        String[] credentials = userWithPassword();
        Map<String, String> config = baseConfig();
        config.put("dbUser", credentials[0]);
        config.put("dbPassword", credentials[1]);
        String id = master.createComponent(realm, "with-password", config);
        try {
            JsonNode stored = asRealmAdminJson("/components/" + id);
            assertThat(stored.path("config").path("dbPassword").get(0).asText()).isEqualTo("**********");
            int acceptedBefore = silent.accepted();

            Map<String, Object> moved = Http.JSON.convertValue(stored, Map.class);
            ((Map<String, Object>) moved.get("config")).put("jdbcUrl", List.of(urlFor("127.0.0.1:" + silent.port())));
            HttpResponse<String> newUrl = asRealmAdmin("PUT", "/components/" + id, moved);
            assertThat(newUrl.statusCode()).as(newUrl.body()).isEqualTo(400);
            assertThat(errorMessage(newUrl)).contains("enter the database password again");

            Map<String, Object> otherUser = Http.JSON.convertValue(stored, Map.class);
            ((Map<String, Object>) otherUser.get("config")).put("dbUser", List.of("someone_else"));
            HttpResponse<String> newUser = asRealmAdmin("PUT", "/components/" + id, otherUser);
            assertThat(newUser.statusCode()).as(newUser.body()).isEqualTo(400);
            assertThat(errorMessage(newUser)).contains("enter the database password again");
            assertThat(silent.accepted())
                    .as("the stored password was sent nowhere")
                    .isEqualTo(acceptedBefore);

            // an edit that keeps the URL and the user keeps the masked password, as before
            Map<String, Object> renamed = Http.JSON.convertValue(stored, Map.class);
            renamed.put("name", "renamed");
            HttpResponse<String> rename = asRealmAdmin("PUT", "/components/" + id, renamed);
            assertThat(rename.statusCode()).as(rename.body()).isEqualTo(204);
            assertThat(asRealmAdminJson("/components/" + id)
                            .path("config")
                            .path("jdbcUrl")
                            .get(0)
                            .asText())
                    .isEqualTo(db.keycloakJdbcUrl());
        } finally {
            master.delete("/realms/" + realm + "/components/" + id);
        }
    }

    @Test
    void noCredentialFedInReachesTheServerLog() throws IOException {
        String tag = leg().replaceAll("[^a-z0-9]", "");
        String port = String.valueOf(silent.port());
        List<String> secrets = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (String form : credentialForms(port)) {
            String secret = "Pw" + tag + secrets.size() + "x" + Long.toHexString(System.nanoTime());
            secrets.add(secret);
            urls.add(form.replace("SECRET", secret));
        }
        for (String url : urls) {
            Map<String, String> config = baseConfig();
            config.put("jdbcUrl", url);
            assertThat(createAsRealmAdmin(config).statusCode()).as(url).isEqualTo(400);
        }
        // an allowed URL to a server that fails, with a password: the DEBUG details of the failure hold no password
        String fieldSecret = "Field" + tag + Long.toHexString(System.nanoTime());
        secrets.add(fieldSecret);
        Map<String, String> config = baseConfig();
        config.put("jdbcUrl", urlFor("127.0.0.1:" + port));
        config.put("dbPassword", fieldSecret);
        assertThat(createAsRealmAdmin(config).statusCode()).isEqualTo(400);

        String log = Files.readString(server.logFile());
        assertThat(log)
                .as("the server log must be the one written by this server")
                .contains("External users: H2 allowed");
        for (String secret : secrets) {
            assertThat(log).as("credential in the server log").doesNotContain(secret);
        }
    }

    /** Every URL form of the four drivers that carries a credential ({@code SECRET}), aimed at 127.0.0.1:{@code port}. */
    static List<String> credentialForms(String port) {
        String hostPort = "127.0.0.1:" + port;
        return List.of(
                "jdbc:postgresql://app:SECRET@" + hostPort + "/app",
                "jdbc:postgresql://" + hostPort + "/app?user=app&password=SECRET",
                "jdbc:postgresql://" + hostPort + "/app?sslmode=require&sslpassword=SECRET",
                "jdbc:mariadb://app:SECRET@" + hostPort + "/app",
                "jdbc:mariadb://" + hostPort + "/app?user=app&password=SECRET",
                "jdbc:mariadb://address=(host=127.0.0.1)(port=" + port + ")(user=app)(password=SECRET)/app",
                "jdbc:mysql://(host=127.0.0.1,port=" + port + ",user=app,password=SECRET)/app",
                "jdbc:mysql://app:SECRET@" + hostPort + "/app",
                "jdbc:mysql://" + hostPort + "/app?trustCertificateKeyStorePassword=SECRET",
                "jdbc:h2:tcp://" + hostPort + "/mem:app;USER=sa;PASSWORD=SECRET",
                "jdbc:h2:tcp://sa:SECRET@" + hostPort + "/mem:app",
                "jdbc:h2:file:/tmp/app;PASSWORD=SECRET");
    }

    private JsonNode asRealmAdminJson(String path) {
        HttpResponse<String> response = asRealmAdmin("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response.body());
    }
}
