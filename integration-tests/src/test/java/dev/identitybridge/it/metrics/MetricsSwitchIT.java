package dev.identitybridge.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.H2AppDatabase;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.identity.IdentityRealm;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The providers' {@code metrics-enabled=false} options on a Keycloak whose own metrics are on: the user store, the
 * identity API and the outbox are used, and {@code /metrics} has Keycloak's series and none of Identity Bridge's.
 */
@Tag("h2")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsSwitchIT {

    private static final String REALM = "it-metrics-off";

    private KeycloakServer server;
    private IdentityRealm realm;

    @BeforeAll
    void start() throws Exception {
        H2AppDatabase db = new H2AppDatabase();
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        server = KeycloakServer.start(
                KeycloakServer.distribution("metrics-off"),
                Path.of(System.getProperty("it.work.dir", "target/it-work"), "metrics-off"),
                List.of(
                        "--db=dev-mem",
                        "--metrics-enabled=true",
                        "--spi-storage--external-users--metrics-enabled=false",
                        "--spi-realm-restapi-extension--identity--metrics-enabled=false",
                        "--spi-events-listener--outbox--metrics-enabled=false",
                        "--spi-events-listener--outbox--cleanup-interval=2s"));
        KeycloakAdmin admin = new KeycloakAdmin(server);
        realm = new IdentityRealm(
                server,
                admin,
                REALM,
                IdentityRealm.componentConfig(db.keycloakJdbcUrl(), db.user(), db.password(), "WRITABLE"));
        HttpResponse<String> events = admin.put(
                "/realms/" + REALM + "/events/config",
                Map.of("eventsListeners", List.of("jboss-logging", "outbox"), "eventsEnabled", false));
        assertThat(events.statusCode()).as(events.body()).isEqualTo(204);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keycloaksSeriesAreScrapedAndNoneOfIdentityBridges() throws Exception {
        OidcClient oidc = new OidcClient(server);
        HttpResponse<String> login = oidc.passwordGrant(REALM, "alice", DemoUsers.PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        HttpResponse<String> wrong = oidc.passwordGrant(REALM, "bob", "not-" + DemoUsers.PASSWORD);
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
        HttpResponse<String> resolve = realm.post(
                "/resolve",
                realm.clientToken("svc-resolver"),
                "application/json",
                Http.toJson(Map.of("email", DemoUsers.named("alice").email())));
        assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(200);
        Thread.sleep(2_500); // one cleanup interval: the age probe would have run had it been scheduled

        Scrape scrape = Scrape.of(server);

        // Keycloak's own meters are on: its HTTP server timer saw the calls above
        assertThat(scrape.named("http_server_requests_seconds_count")).isNotEmpty();
        assertThat(scrape.named("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(scrape.names())
                .as("series of Identity Bridge with all three metrics-enabled=false")
                .noneMatch(name -> name.startsWith("identity_bridge_"));
    }
}
