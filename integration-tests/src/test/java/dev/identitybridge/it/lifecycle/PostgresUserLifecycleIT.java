package dev.identitybridge.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import dev.identitybridge.it.harness.TcpProxy;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * "Disabled means disabled, within a bound" on a Keycloak of its own, started with a 5 s bound
 * ({@code --spi-storage--external-users--user-cache-max-age=5s}): a user disabled in or deleted from the app table
 * loses password login at once, and refresh tokens and the SSO cookie within the bound, although the component was
 * saved with cache policy DEFAULT. On the same server: no user is created while the app database is unreachable
 * (registration form, admin API, identity-provider first login), and WRITABLE components need unique indexes.
 */
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresUserLifecycleIT {

    static final long BOUND_MS = 5_000;
    /** Time for Keycloak to notice after the bound (one refresh interval of the loop, request time). */
    static final long MARGIN_MS = 3_000;

    private static final String REALM = "h8-lifecycle";

    private KeycloakServer server;
    private KeycloakAdmin admin;
    private OidcClient oidc;
    private PostgresAppDatabase db;
    private String componentId;

    @BeforeAll
    void start() throws Exception {
        server = KeycloakServer.start(
                KeycloakServer.distribution("h8-lifecycle"),
                Path.of(System.getProperty("it.work.dir", "target/it-work"), "h8-lifecycle"),
                List.of("--db=dev-mem", "--spi-storage--external-users--user-cache-max-age=5s"));
        admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
        db = new PostgresAppDatabase("h8_lifecycle");
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        admin.createRealm(REALM);
        componentId = admin.createComponent(REALM, "app users", config(Map.of("cachePolicy", "DEFAULT")));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Map<String, String> config(Map<String, String> overrides) {
        Map<String, String> config = db.componentConfig(4);
        config.putAll(overrides);
        return config;
    }

    @Test
    void theDefaultCachePolicyIsStoredAsTheServersBoundAndLongerChoicesAreRefused() {
        JsonNode stored =
                admin.getJson("/realms/" + REALM + "/components/" + componentId).get("config");
        assertThat(stored.get("cachePolicy").get(0).asText()).isEqualTo("MAX_LIFESPAN");
        assertThat(stored.get("maxLifespan").get(0).asText()).isEqualTo(String.valueOf(BOUND_MS));

        for (Map<String, String> longer : List.of(
                Map.of("cachePolicy", "EVICT_DAILY", "evictionHour", "3", "evictionMinute", "0"),
                Map.of("cachePolicy", "EVICT_WEEKLY", "evictionDay", "1", "evictionHour", "3", "evictionMinute", "0"),
                Map.of("cachePolicy", "MAX_LIFESPAN", "maxLifespan", "3600000"))) {
            HttpResponse<String> response = admin.updateComponent(REALM, componentId, "app users", config(longer));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(Http.json(response.body()).get("errorMessage").asText()).contains("5000 ms");
        }
        HttpResponse<String> shorter = admin.updateComponent(
                REALM, componentId, "app users", config(Map.of("cachePolicy", "MAX_LIFESPAN", "maxLifespan", "2000")));
        assertThat(shorter.statusCode()).as(shorter.body()).isEqualTo(204);
        assertThat(admin.getJson("/realms/" + REALM + "/components/" + componentId)
                        .get("config")
                        .get("maxLifespan")
                        .get(0)
                        .asText())
                .isEqualTo("2000");
        assertThat(admin.updateComponent(REALM, componentId, "app users", config(Map.of("cachePolicy", "DEFAULT")))
                        .statusCode())
                .isEqualTo(204);
        assertThat(admin.getJson("/realms/" + REALM + "/components/" + componentId)
                        .get("config")
                        .get("maxLifespan")
                        .get(0)
                        .asText())
                .isEqualTo(String.valueOf(BOUND_MS));
    }

    @Test
    void aUserDisabledInTheAppTableLosesRefreshAndSsoWithinTheBound() throws Exception {
        assertLosesAccessWithinTheBound(
                "h8-disabled",
                "6f1c2a4e-0008-4000-8000-000000000001",
                "UPDATE users SET enabled = FALSE WHERE username = ?",
                "Disabled in the app table");
    }

    @Test
    void aUserDeletedFromTheAppTableLosesRefreshAndSsoWithinTheBound() throws Exception {
        assertLosesAccessWithinTheBound(
                "h8-deleted",
                "6f1c2a4e-0008-4000-8000-000000000002",
                "DELETE FROM users WHERE username = ?",
                "Deleted from the app table");
    }

    /** Password login refused at once, the refresh token and the SSO cookie within the bound. */
    private void assertLosesAccessWithinTheBound(String username, String id, String change, String label)
            throws Exception {
        insertCopyOfAlice(id, username);
        Session session = logIn(username);

        db.execute(change.replace("?", "'" + username + "'"));
        assertRefused(oidc.passwordGrant(REALM, username, DemoUsers.PASSWORD));
        long refusedAfter = untilRefused(session.refresh());
        long ssoRefusedAfter =
                untilRefused(() -> session.browser().reauthenticate().tokens().isPresent());
        System.out.printf(
                "%s: refresh refused after %d ms, SSO after a further %d ms (bound %d ms)%n",
                label, refusedAfter, ssoRefusedAfter, BOUND_MS);
        assertThat(refusedAfter).as("refresh refused after (ms)").isLessThan(BOUND_MS + MARGIN_MS);
        assertThat(refusedAfter + ssoRefusedAfter)
                .as("SSO refused after (ms), counted from the change")
                .isLessThan(BOUND_MS + MARGIN_MS);
    }

    // --- fail closed during an outage ---

    static final String TRY_AGAIN = "Please try again later.";
    static final String PASSWORD = "New-Passw0rd!";

    @Test
    void noUserIsCreatedWhileTheAppDatabaseIsUnreachable() throws Exception {
        String realm = "h8-outage";
        String source = "h8-outage-idp";
        admin.createRealm(realm);
        admin.createRealm(source);
        assertThat(admin.put("/realms/" + realm, Map.of("registrationAllowed", true))
                        .statusCode())
                .isEqualTo(204);
        URI target = URI.create(db.keycloakJdbcUrl().substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
            admin.createComponent(
                    realm,
                    "app users",
                    config(Map.of(
                            "cachePolicy",
                            "NO_CACHE",
                            "poolAcquisitionTimeoutMs",
                            "2000",
                            "jdbcUrl",
                            db.keycloakJdbcUrl().replace(":" + target.getPort() + "/", ":" + proxy.port() + "/"))));
            admin.addOidcBroker(
                    realm,
                    source,
                    Map.of(
                            "username",
                            "idp-carol",
                            "enabled",
                            true,
                            "email",
                            "carol@example.com",
                            "emailVerified",
                            true,
                            "firstName",
                            "Ida",
                            "lastName",
                            "Provider",
                            "credentials",
                            List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
            assertThat(oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode())
                    .isEqualTo(200);

            proxy.cut();

            // the registration form: an app user's username and email would pass Keycloak's duplicate checks
            OidcClient.BrowserLogin form = oidc.register(
                    realm,
                    Map.of(
                            "username",
                            "alice",
                            "email",
                            "alice@example.com",
                            "firstName",
                            "Mallory",
                            "lastName",
                            "Taker",
                            "password",
                            PASSWORD,
                            "password-confirm",
                            PASSWORD));
            assertThat(form.tokens()).isEmpty();
            assertThat(form.status())
                    .as("the form again, with its error, not an error page")
                    .isEqualTo(200);
            assertThat(form.page())
                    .contains("kc-register-form", TRY_AGAIN, "value=\"Mallory\"")
                    .doesNotContain(PASSWORD);

            // the admin API
            HttpResponse<String> created = admin.post(
                    "/realms/" + realm + "/users",
                    Map.of("username", "bob", "email", "bob@example.com", "enabled", true));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(503);
            assertThat(Http.json(created.body()).get("error").asText()).isEqualTo("external_users_unavailable");
            assertThat(Http.json(created.body()).get("errorMessage").asText()).contains(TRY_AGAIN);

            // an identity provider's first login with an app user's email: refused too; Keycloak's first-broker-login
            // flow swallows the refusal of its alternative "create user if unique" step, and ends the flow on the
            // error page with the message the refusal left as the flow's forwarded error
            OidcClient.BrowserLogin brokered = oidc.brokeredLogin(realm, "source", "idp-carol", PASSWORD);
            assertThat(brokered.tokens()).isEmpty();
            assertThat(brokered.status()).as(brokered.page()).isEqualTo(400);
            assertThat(brokered.page()).contains(TRY_AGAIN).doesNotContain("Invalid username or password");
            assertThat(java.nio.file.Files.readAllLines(server.logFile()).stream()
                            .filter(line -> line.contains("user creation refused, the app database is unreachable"))
                            .count())
                    .as("refusals logged: registration, admin API, identity-provider first login")
                    .isEqualTo(3);

            assertThat(localUsers(realm))
                    .as("no Keycloak-local user was written")
                    .isEmpty();
            proxy.restore();
            awaitFederatedLogin(realm);

            // once the database is back: the same attempts find the app users, a new person registers
            OidcClient.BrowserLogin taken = oidc.register(
                    realm,
                    Map.of(
                            "username",
                            "alice",
                            "email",
                            "mallory@example.net",
                            "firstName",
                            "Mallory",
                            "lastName",
                            "Taker",
                            "password",
                            PASSWORD,
                            "password-confirm",
                            PASSWORD));
            assertThat(taken.page()).contains("Username already exists.");
            OidcClient.BrowserLogin registered = oidc.register(
                    realm,
                    Map.of(
                            "username",
                            "h8-newcomer",
                            "email",
                            "newcomer@example.net",
                            "firstName",
                            "New",
                            "lastName",
                            "Comer",
                            "password",
                            PASSWORD,
                            "password-confirm",
                            PASSWORD));
            assertThat(registered.tokens()).as(registered.page()).isPresent();
            assertThat(localUsers(realm)).containsExactly("h8-newcomer");
            assertThat(db.count("SELECT COUNT(*) FROM users WHERE username IN ('h8-newcomer', 'idp-carol')"))
                    .isZero();
        } finally {
            admin.delete("/realms/" + realm);
            admin.delete("/realms/" + source);
        }
    }

    /** Usernames of the realm's Keycloak-local users (no federation link). */
    private List<String> localUsers(String realm) {
        List<String> names = new java.util.ArrayList<>();
        for (JsonNode user : admin.getJson("/realms/" + realm + "/users?max=1000")) {
            if (!user.has("federationLink")) {
                names.add(user.get("username").asText());
            }
        }
        return names;
    }

    private void awaitFederatedLogin(String realm) throws InterruptedException {
        long started = System.nanoTime();
        while ((System.nanoTime() - started) / 1_000_000 < 30_000) {
            if (oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD).statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the app database did not come back within 30 s");
    }

    // --- unique indexes when Keycloak writes ---

    @Test
    void writableModeNeedsUniqueIndexesAndNamesTheStatementsThatCreateThem() throws Exception {
        db.execute(
                "DROP TABLE IF EXISTS bare_users",
                "CREATE TABLE bare_users (id VARCHAR(64) PRIMARY KEY, username VARCHAR(255) NOT NULL, email VARCHAR(255), "
                        + "email_verified BOOLEAN NOT NULL DEFAULT FALSE, first_name VARCHAR(255), last_name VARCHAR(255), "
                        + "enabled BOOLEAN NOT NULL DEFAULT TRUE, password_hash VARCHAR(512), auth_id VARCHAR(255), "
                        + "created_at TIMESTAMP, updated_at TIMESTAMP)");
        Map<String, String> writable =
                config(Map.of("table", "bare_users", "editMode", "WRITABLE", "cachePolicy", "NO_CACHE"));
        int before = admin.componentCount(REALM);
        HttpResponse<String> refused = admin.postComponent(REALM, "bare", writable);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        String message = Http.json(refused.body()).get("errorMessage").asText();
        assertThat(message)
                .contains(
                        "'username'",
                        "'email'",
                        "'auth_id'",
                        "CREATE UNIQUE INDEX ux_bare_users_username ON bare_users (lower(username))",
                        "CREATE UNIQUE INDEX ux_bare_users_auth_id ON bare_users (auth_id)");
        assertThat(admin.componentCount(REALM)).isEqualTo(before);

        // read-only components never write: no indexes needed
        HttpResponse<String> readOnly = admin.postComponent(
                REALM,
                "bare read-only",
                config(Map.of("table", "bare_users", "editMode", "READ_ONLY", "cachePolicy", "NO_CACHE")));
        assertThat(readOnly.statusCode()).as(readOnly.body()).isEqualTo(201);
        admin.delete(readOnly.headers().firstValue("Location").orElseThrow().replaceFirst("^.*/admin", ""));

        // the statements from the message, run as given, make the table acceptable
        String statements = message.substring(message.indexOf("CREATE UNIQUE INDEX"));
        db.execute(statements.split("; "));
        HttpResponse<String> accepted = admin.postComponent(REALM, "bare", writable);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        admin.delete(accepted.headers().firstValue("Location").orElseThrow().replaceFirst("^.*/admin", ""));
    }

    private record Session(OidcClient.SsoBrowser browser, Supplier<Boolean> refresh) {}

    /** A browser login (SSO cookie) and a direct-grant refresh token for the same user, both working and cached. */
    private Session logIn(String username) {
        OidcClient.SsoBrowser browser = oidc.ssoBrowser(REALM);
        assertThat(browser.login(username, DemoUsers.PASSWORD).tokens()).isPresent();
        assertThat(browser.reauthenticate().tokens())
                .as("the SSO cookie logs in without a form")
                .isPresent();
        HttpResponse<String> login = oidc.passwordGrant(REALM, username, DemoUsers.PASSWORD);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String[] refreshToken = {Http.json(login.body()).get("refresh_token").asText()};
        Supplier<Boolean> refresh = () -> {
            HttpResponse<String> response = Http.postForm(
                    Http.client(),
                    server.realmUrl(REALM) + "/protocol/openid-connect/token",
                    Map.of(
                            "grant_type",
                            "refresh_token",
                            "client_id",
                            OidcClient.DIRECT_GRANT_CLIENT,
                            "refresh_token",
                            refreshToken[0]));
            if (response.statusCode() == 200) {
                refreshToken[0] =
                        Http.json(response.body()).get("refresh_token").asText();
                return true;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(Http.json(response.body()).get("error").asText()).isEqualTo("invalid_grant");
            return false;
        };
        assertThat(refresh.get()).as("refresh works before the change").isTrue();
        return new Session(browser, refresh);
    }

    /** Milliseconds until {@code attempt} first fails, trying every 250 ms for at most 30 s. */
    private static long untilRefused(Supplier<Boolean> attempt) throws InterruptedException {
        long started = System.nanoTime();
        while ((System.nanoTime() - started) / 1_000_000 < 30_000) {
            if (!attempt.get()) {
                return (System.nanoTime() - started) / 1_000_000;
            }
            Thread.sleep(250);
        }
        return Long.MAX_VALUE;
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Http.json(response.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    private void insertCopyOfAlice(String id, String username) throws Exception {
        db.execute(
                "DELETE FROM users WHERE username = '" + username + "'",
                "INSERT INTO users (id, username, email, email_verified, first_name, last_name, enabled, password_hash) "
                        + "SELECT '" + id + "', '" + username + "', '" + username
                        + "@example.org', TRUE, 'Copy', 'Ofalice', TRUE, "
                        + "password_hash FROM users WHERE username = 'alice'");
    }
}
