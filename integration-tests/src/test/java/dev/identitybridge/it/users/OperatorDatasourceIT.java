package dev.identitybridge.it.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A component that names a datasource the operator declared in Keycloak's own configuration
 * ({@code --db-kind-appusers=postgres --db-url-appusers=...}) instead of a JDBC URL: on a real Keycloak built with that
 * named datasource (no persistence unit), federated logins, admin searches and writes go through it, outside
 * Keycloak's JTA transaction; a realm admin cannot name a datasource the operator did not allow, nor mix it with a URL.
 */
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorDatasourceIT {

    private static final String DATASOURCE = "appusers";
    /** Allowed by the operator but not declared: the lookup must say so instead of failing at the first login. */
    private static final String UNDECLARED = "ghost";

    private static final String NEW_PASSWORD = "New-Passw0rd!";

    private final PostgresAppDatabase db = new PostgresAppDatabase("h9_operator_ds");
    private KeycloakServer server;
    private KeycloakAdmin admin;
    private OidcClient oidc;
    private final String realm = "it-operator-ds";

    @BeforeAll
    void start() throws Exception {
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        Path home = KeycloakServer.distribution("operator-datasource");
        Path workDir = Path.of(System.getProperty("it.work.dir", "target/it-work"), "operator-datasource");
        List<String> options = new ArrayList<>(List.of(
                "--db=dev-mem",
                "--health-enabled=true",
                "--metrics-enabled=true",
                "--db-kind-" + DATASOURCE + "=postgres",
                "--db-url-full-" + DATASOURCE + "=" + db.keycloakJdbcUrl(),
                "--db-username-" + DATASOURCE + "=" + db.user(),
                "--spi-storage--external-users--allowed-datasources=" + DATASOURCE + "," + UNDECLARED));
        if (!db.password().isEmpty()) {
            options.add("--db-password-" + DATASOURCE + "=" + db.password());
        }
        server = KeycloakServer.start(home, workDir, options);
        admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
        admin.createRealm(realm);
        assertThat(admin.put("/realms/" + realm, Map.of("registrationAllowed", true))
                        .statusCode())
                .isEqualTo(204);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> config(String datasource) {
        Map<String, String> config = new HashMap<>();
        config.put("datasource", datasource);
        config.put("cachePolicy", "NO_CACHE");
        config.put("editMode", "WRITABLE");
        config.put("syncRegistrations", "true");
        return config;
    }

    @Test
    void loginsSearchesAndWritesGoThroughTheOperatorDatasource() throws Exception {
        String componentId = admin.createComponent(realm, "app users", config(DATASOURCE));

        HttpResponse<String> login = oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertRejected(oidc.passwordGrant(realm, "alice", "wrong"));

        JsonNode found = admin.getJson("/realms/" + realm + "/users?search=alice");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("federationLink").asText()).isEqualTo(componentId);

        // admin create: the row is written (prepare phase of Keycloak's transaction) and the user logs in
        HttpResponse<String> created = admin.post(
                "/realms/" + realm + "/users",
                Map.of(
                        "username",
                        "ops-created",
                        "email",
                        "ops.created@example.com",
                        "firstName",
                        "Opal",
                        "lastName",
                        "Created",
                        "enabled",
                        true,
                        "credentials",
                        List.of(Map.of("type", "password", "value", NEW_PASSWORD, "temporary", false))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(db.count(
                        "SELECT COUNT(*) FROM users WHERE username = ? AND password_hash LIKE '$argon2id$%'",
                        "ops-created"))
                .isEqualTo(1);
        assertThat(oidc.passwordGrant(realm, "ops-created", NEW_PASSWORD).statusCode())
                .isEqualTo(200);

        // the registration form writes the row too
        OidcClient.BrowserLogin registered = oidc.register(
                realm,
                Map.of(
                        "username",
                        "ops-registered",
                        "email",
                        "ops.registered@example.com",
                        "firstName",
                        "Reg",
                        "lastName",
                        "Istered",
                        "password",
                        NEW_PASSWORD,
                        "password-confirm",
                        NEW_PASSWORD));
        assertThat(registered.tokens()).as(registered.page()).isPresent();
        assertThat(db.count("SELECT COUNT(*) FROM users WHERE username = ?", "ops-registered"))
                .isEqualTo(1);

        // a duplicate is refused as such (the unique violation came back through the detached connection)
        HttpResponse<String> duplicate = admin.post(
                "/realms/" + realm + "/users",
                Map.of("username", "ops-dup", "email", "ops.created@example.com", "enabled", true));
        assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(409);
        assertThat(db.count("SELECT COUNT(*) FROM users WHERE username = ?", "ops-dup"))
                .isZero();

        // a password reset of an existing app user: written, and the new password works
        String alice = found.get(0).get("id").asText();
        HttpResponse<String> reset = admin.put(
                "/realms/" + realm + "/users/" + Http.encode(alice) + "/reset-password",
                Map.of("type", "password", "value", NEW_PASSWORD, "temporary", false));
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
        assertThat(oidc.passwordGrant(realm, "alice", NEW_PASSWORD).statusCode())
                .isEqualTo(200);
        assertRejected(oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD));

        String log = Files.readString(server.logFile());
        assertThat(log)
                .contains("uses the operator datasource '" + DATASOURCE + "'")
                .doesNotContain("Deferred enlistment")
                .doesNotContain("Enlisted connection")
                .doesNotContain("External users component " + componentId + ": connection pool created");
        assertKeycloakMonitorsTheDatasource();
    }

    @Test
    void aDatasourceTheOperatorDidNotAllowIsRefused() {
        assertRefused(config("keycloak"), "not among the datasources the operator allows");
        assertRefused(config("<default>"), "is not a datasource name");
        assertRefused(config(UNDECLARED), "is not defined on this server");
    }

    @Test
    void aJdbcUrlNextToADatasourceIsRefused() {
        Map<String, String> config = config(DATASOURCE);
        config.put("jdbcUrl", db.keycloakJdbcUrl());
        config.put("dbUser", db.user());
        assertRefused(config, "leave jdbcUrl, dbUser empty");
    }

    private static void assertRejected(HttpResponse<String> login) {
        assertThat(login.statusCode()).as(login.body()).isEqualTo(400);
        assertThat(Http.json(login.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    private void assertRefused(Map<String, String> config, String message) {
        int before = admin.componentCount(realm);
        HttpResponse<String> response = admin.postComponent(realm, "refused", config);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Http.json(response.body()).path("errorMessage").asText(response.body()))
                .contains(message);
        assertThat(admin.componentCount(realm)).isEqualTo(before);
    }

    /**
     * Keycloak's own pool metrics cover the datasource, and every connection we took went back to its pool (active
     * 0). The readiness answer is printed for the docs.
     */
    private void assertKeycloakMonitorsTheDatasource() {
        HttpResponse<String> metrics = management("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("agroal_acquire_count_total{datasource=\"" + DATASOURCE + "\"}")
                .contains("agroal_active_count{datasource=\"" + DATASOURCE + "\"} 0.0");
        HttpResponse<String> ready = management("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        System.out.println("GET /health/ready -> " + ready.body());
    }

    private HttpResponse<String> management(String path) {
        return Http.send(
                Http.client(),
                HttpRequest.newBuilder(URI.create(server.managementUrl() + path))
                        .GET()
                        .build());
    }
}
