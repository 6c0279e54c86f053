package dev.identitybridge.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import dev.identitybridge.it.harness.DemoRealm;
import dev.identitybridge.it.harness.DemoUsers;
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
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;

/**
 * For Docker users: the official {@code quay.io/keycloak/keycloak} image (the default server's version) with the
 * bundle in {@code /opt/keycloak/providers}, run by dasniko's testcontainers-keycloak. Smoke level: the demo realm
 * and its {@code external-users} component over the admin REST API, a federated login, resolve, one outbox row.
 * Both databases are H2 servers in this JVM that the container reaches through Testcontainers' host port access:
 * the app's, and Keycloak's own (so that the test reads the outbox row where Keycloak wrote it).
 * <p>
 * Selected by {@code -Ptestcontainers}. Without a Docker engine every test is reported as skipped, with that reason:
 * never as passed.
 */
@Tag("testcontainers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakImageSmokeIT {

    private static final String IMAGE = "quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version");
    private static final String HOST = "host.testcontainers.internal";
    private static final Pattern H2_TCP_PORT = Pattern.compile("^jdbc:h2:tcp://127\\.0\\.0\\.1:(\\d+)/");
    private static final String REALM = DemoRealm.NAME;

    private H2AppDatabase appDb;
    private H2AppDatabase keycloakDb;
    private KeycloakContainer keycloak;
    private KeycloakAdmin admin;
    private OidcClient oidc;
    private OutboxRows outbox;
    private String componentId;
    private boolean docker;

    @BeforeAll
    void startTheImage() throws Exception {
        docker = DockerClientFactory.instance().isDockerAvailable();
        if (!docker) {
            return; // every test reports itself skipped (below)
        }
        appDb = new H2AppDatabase();
        appDb.applyReferenceSchemaWithDemoUsers();
        keycloakDb = new H2AppDatabase();
        Testcontainers.exposeHostPorts(port(appDb), port(keycloakDb));
        Path bundle = Path.of(System.getProperty("keycloak.home"), "providers", "identity-bridge-keycloak.jar");
        keycloak = new KeycloakContainer(IMAGE)
                .withProviderLibsFrom(List.of(bundle.toFile()))
                .withAdminUsername(KeycloakServer.ADMIN_USER)
                .withAdminPassword(KeycloakServer.ADMIN_PASSWORD);
        keycloak.withAccessToHost(true);
        keycloak.withEnv("KC_DB", "dev-file")
                .withEnv("KC_DB_URL", containerUrl(keycloakDb) + ";NON_KEYWORDS=VALUE")
                .withEnv("KC_DB_USERNAME", keycloakDb.user())
                .withEnv("KC_DB_PASSWORD", keycloakDb.password());
        keycloak.start();
        admin = new KeycloakAdmin(baseUrl());
        oidc = new OidcClient(baseUrl());
        outbox = new OutboxRows(over(keycloakDb));

        String realm = DemoRealm.representation(appDb).toString().replace(appDb.keycloakJdbcUrl(), containerUrl(appDb));
        admin.delete("/realms/" + REALM);
        HttpResponse<String> created = admin.post("/realms", Http.json(realm));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        admin.addTestClients(REALM);
        componentId = admin.getJson("/realms/" + REALM + "/components?type=" + KeycloakAdmin.USER_STORAGE_TYPE)
                .get(0)
                .get("id")
                .asText();
    }

    /** Without Docker each test is skipped with the reason (an assumption here, not in @BeforeAll: reported per test). */
    @BeforeEach
    void requireDocker() {
        Assumptions.assumeTrue(
                docker,
                "No Docker engine reachable: the Keycloak image smoke suite is skipped "
                        + "(the distribution harness suites are the proof here)");
    }

    @AfterAll
    void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
    }

    @Test
    void theComponentCreatedOverRestReadsTheAppTable() {
        JsonNode component = admin.getJson("/realms/" + REALM + "/components/" + componentId);
        assertThat(component.get("providerId").asText()).isEqualTo("external-users");
        assertThat(admin.getJson("/realms/" + REALM + "/users/count").asInt())
                .isEqualTo(DemoUsers.all().size());
    }

    @Test
    void aFederatedUserLogsIn() {
        DemoUsers.DemoUser alice = DemoUsers.named("alice");
        HttpResponse<String> tokens = oidc.passwordGrant(REALM, alice.username(), DemoUsers.PASSWORD);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(OidcClient.claims(
                                Http.json(tokens.body()).get("access_token").asText())
                        .get("sub")
                        .asText())
                .isEqualTo("f:" + componentId + ":" + alice.id());
    }

    @Test
    void resolveAnswersWithTheAppUserId() {
        DemoUsers.DemoUser bob = DemoUsers.named("bob");
        HttpResponse<String> gateway = Http.postForm(
                Http.client(),
                KeycloakServer.realmUrl(baseUrl(), REALM) + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "internal-gateway",
                        "client_secret",
                        "gateway-secret"));
        assertThat(gateway.statusCode()).as(gateway.body()).isEqualTo(200);
        HttpResponse<String> resolved = Http.send(
                Http.client(),
                HttpRequest.newBuilder(URI.create(KeycloakServer.realmUrl(baseUrl(), REALM) + "/identity/resolve"))
                        .timeout(Http.TIMEOUT)
                        .header(
                                "Authorization",
                                "Bearer "
                                        + Http.json(gateway.body())
                                                .get("access_token")
                                                .asText())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(Map.of("email", bob.email()))))
                        .build());
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(Http.json(resolved.body()).get("userId").asText()).isEqualTo(bob.id());
    }

    @Test
    void aLoginWritesOneOutboxRow() {
        DemoUsers.DemoUser heidi = DemoUsers.named("heidi");
        String authId = "f:" + componentId + ":" + heidi.id();
        List<OutboxRows.Row> before = outbox.ofAggregate(authId);
        assertThat(oidc.passwordGrant(REALM, heidi.username(), DemoUsers.PASSWORD)
                        .statusCode())
                .isEqualTo(200);
        assertThat(OutboxRows.types(OutboxRows.added(before, outbox.ofAggregate(authId))))
                .containsExactly("identity.login.succeeded.v1");
    }

    private String baseUrl() {
        return keycloak.getAuthServerUrl().replaceAll("/$", "");
    }

    private static int port(H2AppDatabase db) {
        Matcher port = H2_TCP_PORT.matcher(db.keycloakJdbcUrl());
        assertThat(port.find()).as(db.keycloakJdbcUrl()).isTrue();
        return Integer.parseInt(port.group(1));
    }

    /** The database's URL as the container sees it: the host through Testcontainers' port forwarding. */
    private static String containerUrl(H2AppDatabase db) {
        return db.keycloakJdbcUrl().replace("//127.0.0.1:", "//" + HOST + ":");
    }

    /** Keycloak's database for {@link OutboxRows}: the test reads it like the app database. */
    private static KeycloakDatabase over(H2AppDatabase db) {
        return new KeycloakDatabase() {
            @Override
            public String kind() {
                return "h2";
            }

            @Override
            public List<String> serverOptions() {
                return List.of();
            }

            @Override
            public Connection connect() throws SQLException {
                return db.connect();
            }

            @Override
            public void recreate() throws SQLException {
                db.recreate();
            }
        };
    }
}
