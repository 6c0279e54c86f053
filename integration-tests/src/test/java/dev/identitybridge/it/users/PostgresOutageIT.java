package dev.identitybridge.it.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import dev.identitybridge.it.harness.TcpProxy;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The app database goes away while Keycloak runs: PostgreSQL is reached through a TCP proxy that the test cuts
 * (new connections refused, open ones broken) and restores. Keycloak must stay healthy, local users and the admin
 * API must keep working, federated logins must fail fast with the usual outcome, and everything must recover on
 * its own once the database is back.
 */
@Tag("postgres")
class PostgresOutageIT {

    private static final long ACQUISITION_TIMEOUT_MS = 2000;

    @Test
    void keycloakDegradesAndRecoversWhenTheAppDatabaseGoesAway() throws Exception {
        KeycloakServer server = KeycloakServer.shared();
        KeycloakAdmin admin = new KeycloakAdmin(server);
        OidcClient oidc = new OidcClient(server);
        PostgresAppDatabase db = new PostgresAppDatabase();
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        URI target = URI.create(db.keycloakJdbcUrl().substring("jdbc:".length()));
        String realm = "it-outage";
        admin.createRealm(realm);
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
            Map<String, String> config = new HashMap<>();
            config.put("jdbcUrl", db.keycloakJdbcUrl().replace(":" + target.getPort() + "/", ":" + proxy.port() + "/"));
            config.put("dbUser", db.user());
            config.put("dbPassword", db.password());
            config.put("poolMinSize", "2");
            config.put("poolMaxSize", "4");
            config.put("poolAcquisitionTimeoutMs", String.valueOf(ACQUISITION_TIMEOUT_MS));
            config.put("cachePolicy", "NO_CACHE");
            String componentId = admin.createComponent(realm, "app users", config);
            HttpResponse<String> local = admin.post(
                    "/realms/" + realm + "/users",
                    Map.of(
                            "username",
                            "local-lou",
                            "enabled",
                            true,
                            "email",
                            "lou@example.net",
                            "firstName",
                            "Lou",
                            "lastName",
                            "Local",
                            "credentials",
                            java.util.List.of(
                                    Map.of("type", "password", "value", "Local-Passw0rd!", "temporary", false))));
            assertThat(local.statusCode()).as(local.body()).isEqualTo(201);
            assertThat(oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode())
                    .isEqualTo(200);

            proxy.cut();

            long started = System.nanoTime();
            HttpResponse<String> first = oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD);
            long firstMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(first.statusCode()).as(first.body()).isEqualTo(400);
            assertThat(Http.json(first.body()).get("error").asText()).isEqualTo("invalid_grant");
            assertThat(firstMs)
                    .as("first federated login during the outage (ms)")
                    .isLessThan(3 * ACQUISITION_TIMEOUT_MS + 2000);

            started = System.nanoTime();
            HttpResponse<String> second = oidc.passwordGrant(realm, "bob", DemoUsers.PASSWORD);
            long secondMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(second.statusCode()).isEqualTo(400);

            OidcClient.BrowserLogin form = oidc.authorizationCodeLogin(realm, "carol", DemoUsers.PASSWORD);
            assertThat(form.tokens()).isEmpty();
            assertThat(form.status()).as("the login page, not an error page").isEqualTo(200);
            assertThat(form.page()).contains("Invalid username or password.");

            // Keycloak-local users, the admin API and the component itself are unaffected
            assertThat(oidc.passwordGrant(realm, "local-lou", "Local-Passw0rd!").statusCode())
                    .isEqualTo(200);
            assertThat(admin.getJson("/realms/" + realm + "/users?search=local"))
                    .hasSize(1);
            assertThat(admin.getJson("/realms/" + realm + "/components/" + componentId)
                            .get("config")
                            .get("enabled"))
                    .isNull();
            assertThat(admin.componentCount(realm)).isEqualTo(1);
            assertThat(Http.send(
                                    Http.client(),
                                    java.net.http.HttpRequest.newBuilder(URI.create(server.realmUrl("master")))
                                            .GET()
                                            .build())
                            .statusCode())
                    .isEqualTo(200);

            proxy.restore();
            long restored = System.nanoTime();
            long recoveredMs = -1;
            while ((System.nanoTime() - restored) / 1_000_000 < 30_000) {
                if (oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode() == 200) {
                    recoveredMs = (System.nanoTime() - restored) / 1_000_000;
                    break;
                }
                Thread.sleep(100);
            }
            System.out.printf(
                    "Outage: first federated login failed after %d ms, the next after %d ms; recovered %d ms after restore%n",
                    firstMs, secondMs, recoveredMs);
            assertThat(recoveredMs).as("recovery after restore (ms)").isBetween(0L, 10_000L);
            assertThat(oidc.authorizationCodeLogin(realm, "carol", DemoUsers.PASSWORD)
                            .tokens())
                    .isPresent();
            assertThat(db.keycloakConnectionCount())
                    .as("connections after recovery (no leak)")
                    .isBetween(1, 4);

            // the database stops answering without closing anything: statements are cut off by the socket timeout
            // (= the acquisition timeout) and Keycloak's own 3 s storage-provider time bound, not held for minutes
            proxy.freeze();
            started = System.nanoTime();
            HttpResponse<String> hung = oidc.passwordGrant(realm, "dave", DemoUsers.PASSWORD);
            long hungMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(hung.statusCode()).as(hung.body()).isEqualTo(400);
            assertThat(hungMs)
                    .as("federated login against a silent database (ms)")
                    .isLessThan(3 * ACQUISITION_TIMEOUT_MS + 2000);
            started = System.nanoTime();
            assertThat(oidc.passwordGrant(realm, "erin", DemoUsers.PASSWORD).statusCode())
                    .isEqualTo(400);
            long nextMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(oidc.passwordGrant(realm, "local-lou", "Local-Passw0rd!").statusCode())
                    .isEqualTo(200);
            proxy.thaw();
            long thawed = System.nanoTime();
            long thawRecoveryMs = -1;
            while ((System.nanoTime() - thawed) / 1_000_000 < 30_000) {
                if (oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode() == 200) {
                    thawRecoveryMs = (System.nanoTime() - thawed) / 1_000_000;
                    break;
                }
                Thread.sleep(100);
            }
            System.out.printf(
                    "Silent database: first federated login failed after %d ms, the next after %d ms; "
                            + "recovered %d ms after the database answered again%n",
                    hungMs, nextMs, thawRecoveryMs);
            assertThat(thawRecoveryMs)
                    .as("recovery after the database answers again (ms)")
                    .isBetween(0L, 10_000L);
        } finally {
            admin.delete("/realms/" + realm);
        }
    }
}
