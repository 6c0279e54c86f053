package dev.identitybridge.it.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.Browser;
import dev.identitybridge.it.harness.DatabaseLegSuite;
import dev.identitybridge.it.harness.H2AppDatabase;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakDatabase;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.outbox.OutboxRows.Row;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The outbox listener against a real Keycloak 26.7.3 whose OWN database is the one of the leg (H2, PostgreSQL,
 * MariaDB). Each leg starts its own server (from its own distribution copy, since {@code --db} is a build
 * option), on an empty database, and stops it afterwards. {@link OutboxIT} holds the legs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OutboxSuite extends DatabaseLegSuite {

    static final String PASSWORD = OutboxClient.PASSWORD;
    static final String REALM = "outbox";
    /** The realm that opted in to personal data. */
    static final String PII_REALM = "outbox-pii";
    /** A realm that also stores Keycloak's own events (EVENT_ENTITY), for the forced rollback. */
    static final String STORE_REALM = "outbox-store";
    /** A realm with admin-event representations on, and short sessions that Keycloak expires. */
    static final String ADMIN_REALM = "outbox-admin";
    /** A client of {@link #REALM} whose events the listener drops ({@code exclude-clients}). */
    static final String EXCLUDED_CLIENT = "it-excluded";

    static final int CONCURRENT_USERS = 8;
    static final int CONCURRENT_LOGINS = 200;

    protected KeycloakDatabase db;
    protected KeycloakServer server;
    protected KeycloakAdmin admin;
    protected OidcClient oidc;
    protected OutboxRows rows;
    protected OutboxClient client;
    protected String realmId;
    protected final Map<String, String> userIds = new HashMap<>();
    /** A session of {@link #ADMIN_REALM} opened at the start, for Keycloak to expire. */
    private String shortSessionUser;

    private String shortSessionId;
    private long shortSessionStarted;

    /** Outbox options of this leg beyond the common ones. */
    protected List<String> extraOptions() {
        return List.of();
    }

    @BeforeAll
    void startKeycloak() throws Exception {
        Path work = Path.of(System.getProperty("it.work.dir", "target/it-work"));
        db = databaseLeg.keycloakDatabase(work.resolve("outbox-h2-db"));
        db.recreate();
        List<String> options = new ArrayList<>(db.serverOptions());
        options.addAll(List.of(
                "--metrics-enabled=true",
                "--spi-events-listener--outbox--admin-events=true",
                "--spi-events-listener--outbox--personal-data=email,username,ip-address",
                "--spi-events-listener--outbox--personal-data-realms=" + PII_REALM,
                "--spi-events-listener--outbox--cleanup-interval=2s",
                "--spi-events-listener--outbox--exclude-clients=" + REALM + "/" + EXCLUDED_CLIENT,
                // Keycloak's purge of expired sessions from its database every 60 s (its minimum) instead of 180 s
                "--spi-user-sessions--infinispan--session-expiration-period=60"));
        options.addAll(extraOptions());
        server = KeycloakServer.start(KeycloakServer.distribution(db.kind()), work.resolve("outbox-" + leg()), options);
        admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
        rows = new OutboxRows(db);
        client = new OutboxClient(server, admin);
        realmId = client.createOutboxRealm(REALM, false);
        client.createOutboxRealm(PII_REALM, false);
        client.createOutboxRealm(STORE_REALM, true);
        for (int i = 0; i < CONCURRENT_USERS; i++) {
            userIds.put("user" + i, client.createUser(REALM, "user" + i));
        }
        HttpResponse<String> excluded = admin.post(
                "/realms/" + REALM + "/clients",
                Map.of(
                        "clientId",
                        EXCLUDED_CLIENT,
                        "publicClient",
                        true,
                        "directAccessGrantsEnabled",
                        true,
                        "standardFlowEnabled",
                        false));
        assertThat(excluded.statusCode()).as(excluded.body()).isEqualTo(201);
        client.createOutboxRealm(ADMIN_REALM, false);
        HttpResponse<String> details = admin.put(
                "/realms/" + ADMIN_REALM + "/events/config",
                Map.of(
                        "eventsListeners",
                        List.of("jboss-logging", "outbox"),
                        "eventsEnabled",
                        false,
                        "adminEventsEnabled",
                        false,
                        "adminEventsDetailsEnabled",
                        true));
        assertThat(details.statusCode()).as(details.body()).isEqualTo(204);
        HttpResponse<String> sessions =
                admin.put("/realms/" + ADMIN_REALM, Map.of("realm", ADMIN_REALM, "ssoSessionMaxLifespan", 3));
        assertThat(sessions.statusCode()).as(sessions.body()).isEqualTo(204);
        shortSessionUser = client.createUser(ADMIN_REALM, "short-session");
        HttpResponse<String> tokens = client.passwordGrant(ADMIN_REALM, "short-session", PASSWORD);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        shortSessionId = OutboxClient.sid(tokens);
        shortSessionStarted = System.currentTimeMillis();
    }

    @AfterAll
    void stopKeycloak() {
        if (server != null) {
            server.close();
        }
    }

    /** Checks every row's columns against its payload and the schema. */
    static void assertWellFormed(Row row) {
        JsonNode payload = row.payload();
        assertThat(PayloadSchema.violations(payload))
                .as("schema violations of %s", payload)
                .isEmpty();
        assertThat(row.aggregateType()).isEqualTo("identity.user");
        assertThat(row.schemaVersion()).isEqualTo(1);
        assertThat(payload.get("eventId").asText()).isEqualTo(row.id());
        assertThat(payload.get("type").asText()).isEqualTo(row.type());
        assertThat(payload.get("realmId").asText()).isEqualTo(row.realmId());
        assertThat(row.aggregateId())
                .isEqualTo(payload.has("authId") ? payload.get("authId").asText() : row.realmId());
        assertThat(Instant.parse(payload.get("occurredAt").asText())).isEqualTo(row.timestamp());
    }

    /** What a consumer of the relay gets: topic per aggregate type, key = Keycloak user id, id and type headers. */
    static void assertRelayed(DebeziumRelay.Message message, String type, JsonNode storedPayload) {
        JsonNode payload = Http.json(message.payload());
        assertThat(message.topic()).isEqualTo("outbox.event.identity.user");
        assertThat(message.key()).isEqualTo(payload.get("authId").asText());
        assertThat(message.id()).isEqualTo(payload.get("eventId").asText());
        assertThat(message.eventType())
                .isEqualTo(type)
                .isEqualTo(payload.get("type").asText());
        assertThat(message.realmId()).isEqualTo(payload.get("realmId").asText());
        assertThat(PayloadSchema.violations(payload)).isEmpty();
        if (storedPayload != null) {
            assertThat(payload).isEqualTo(storedPayload);
        }
    }

    @Test
    void passwordGrantLoginWritesExactlyOneSucceededRow() {
        String userId = userIds.get("user0");
        List<Row> before = rows.ofAggregate(userId);
        HttpResponse<String> tokens = client.passwordGrant(REALM, "user0", PASSWORD, "X-Correlation-ID", "it-corr-1");
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);

        List<Row> added = OutboxRows.added(before, rows.ofAggregate(userId));
        assertThat(OutboxRows.types(added)).containsExactly("identity.login.succeeded.v1");
        Row row = added.get(0);
        assertWellFormed(row);
        JsonNode payload = row.payload();
        assertThat(payload.get("authId").asText()).isEqualTo(userId);
        assertThat(payload.get("realmName").asText()).isEqualTo(REALM);
        assertThat(payload.get("clientId").asText()).isEqualTo(OidcClient.DIRECT_GRANT_CLIENT);
        assertThat(payload.get("sessionId").asText()).isEqualTo(OutboxClient.sid(tokens));
        assertThat(payload.get("correlationId").asText()).isEqualTo("it-corr-1");
        assertThat(payload.get("details").get("grant_type").asText()).isEqualTo("password");
        assertThat(payload.has("userId"))
                .as("a Keycloak-local user has no app user id")
                .isFalse();
    }

    @Test
    void browserFormLoginWritesExactlyOneSucceededRow() {
        String userId = userIds.get("user1");
        List<Row> before = rows.ofAggregate(userId);
        OidcClient.BrowserLogin login = oidc.authorizationCodeLogin(REALM, "user1", PASSWORD);
        assertThat(login.tokens()).as(login.page()).isPresent();

        List<Row> added = OutboxRows.added(before, rows.ofAggregate(userId));
        assertThat(OutboxRows.types(added)).containsExactly("identity.login.succeeded.v1");
        assertWellFormed(added.get(0));
        assertThat(added.get(0).payload().get("clientId").asText()).isEqualTo(OidcClient.WEB_CLIENT);
        assertThat(added.get(0).payload().get("details").get("auth_method").asText())
                .isEqualTo("openid-connect");
    }

    @Test
    void wrongPasswordWritesOneFailedRowInTheErrorTransaction() {
        String userId = userIds.get("user2");
        List<Row> before = rows.ofAggregate(userId);
        HttpResponse<String> refused = client.passwordGrant(
                REALM,
                "user2",
                "not-" + PASSWORD,
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        OutboxClient.assertInvalidGrant(refused);

        // the request failed, yet the row is there: Keycloak committed it in its separate error transaction
        List<Row> added = OutboxRows.added(before, rows.ofAggregate(userId));
        assertThat(OutboxRows.types(added)).containsExactly("identity.login.failed.v1");
        assertWellFormed(added.get(0));
        assertThat(added.get(0).payload().get("error").asText()).isEqualTo("invalid_user_credentials");
        assertThat(added.get(0).payload().get("correlationId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void unknownUserFailureIsKeyedByTheRealm() {
        List<Row> before = rows.ofAggregate(realmId);
        OutboxClient.assertInvalidGrant(client.passwordGrant(REALM, "nobody-" + UUID.randomUUID(), PASSWORD));
        List<Row> added = OutboxRows.added(before, rows.ofAggregate(realmId));
        assertThat(OutboxRows.types(added)).containsExactly("identity.login.failed.v1");
        assertWellFormed(added.get(0));
        assertThat(added.get(0).payload().get("error").asText()).isEqualTo("user_not_found");
        assertThat(added.get(0).payload().has("authId")).isFalse();
    }

    @Test
    void registrationWritesExactlyOneRegisteredRow() {
        String username = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        OidcClient.BrowserLogin registered = oidc.register(REALM, registrationForm(username));
        assertThat(registered.tokens())
                .as("registration ended with tokens: %s", registered.page())
                .isPresent();
        String userId = OidcClient.claims(
                        registered.tokens().get().get("access_token").asText())
                .get("sub")
                .asText();

        List<Row> userRows = rows.ofAggregate(userId);
        assertThat(OutboxRows.types(userRows)).containsOnlyOnce("identity.user.registered.v1");
        Row row = userRows.stream()
                .filter(r -> r.type().equals("identity.user.registered.v1"))
                .findFirst()
                .orElseThrow();
        assertWellFormed(row);
        assertThat(row.payload().get("details").get("register_method").asText()).isEqualTo("form");
        assertThat(row.payloadText()).doesNotContain(username); // no personal data in a realm that did not opt in
    }

    @Test
    void registrationRefusedByTheDatabaseLeavesNoRegisteredRow() throws SQLException {
        String username = "refused-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@blocked.example.org";
        int registeredBefore = countOfType(rows.ofRealm(realmId), "identity.user.registered.v1");
        // the database, not Keycloak, refuses this user row: the registration's transaction cannot commit
        executeOnKeycloakDb("ALTER TABLE USER_ENTITY ADD CONSTRAINT IT_REFUSE_EMAIL CHECK (EMAIL IS NULL OR EMAIL <> '"
                + email + "')");
        long logOffset = logSize();
        try {
            OidcClient.BrowserLogin refused = oidc.register(REALM, registrationForm(username, email));
            assertThat(refused.tokens()).isEmpty();
        } finally {
            executeOnKeycloakDb("ALTER TABLE USER_ENTITY DROP CONSTRAINT IT_REFUSE_EMAIL");
        }
        assertThat(admin.getJson("/realms/" + REALM + "/users?exact=true&username=" + username))
                .isEmpty();
        assertThat(countOfType(rows.ofRealm(realmId), "identity.user.registered.v1"))
                .isEqualTo(registeredBefore);
        // the REGISTER event did reach the listener and its row joined the transaction, which then rolled back
        List<String> written = rowsAddedToATransaction(logOffset, "identity.user.registered.v1");
        assertThat(written).hasSize(1);
        assertThat(rows.exists(written.get(0))).isFalse();
    }

    @Test
    void loginWhoseCommitFailsLeavesNoRow() throws SQLException {
        String victim = client.createUser(STORE_REALM, "victim");
        String bystander = client.createUser(STORE_REALM, "bystander");
        // Keycloak's own event store writes an EVENT_ENTITY row in the login's transaction; the database refuses
        // the victim's row at commit, so the whole login transaction rolls back
        executeOnKeycloakDb(
                "ALTER TABLE EVENT_ENTITY ADD CONSTRAINT IT_FORCE_ROLLBACK CHECK (USER_ID IS NULL OR USER_ID <> '"
                        + victim + "')");
        HttpResponse<String> failed;
        HttpResponse<String> control;
        long logOffset = logSize();
        try {
            failed = client.passwordGrant(STORE_REALM, "victim", PASSWORD);
            control = client.passwordGrant(STORE_REALM, "bystander", PASSWORD);
        } finally {
            executeOnKeycloakDb("ALTER TABLE EVENT_ENTITY DROP CONSTRAINT IT_FORCE_ROLLBACK");
        }
        assertThat(failed.statusCode())
                .as("the login's commit failed: %s", failed.body())
                .isNotEqualTo(200);
        assertThat(OutboxRows.types(rows.ofAggregate(victim))).doesNotContain("identity.login.succeeded.v1");
        List<String> written = rowsAddedToATransaction(logOffset, "identity.login.succeeded.v1");
        assertThat(written)
                .as("the victim's and the bystander's rows joined their transactions")
                .hasSize(2);
        assertThat(rows.exists(written.get(0)))
                .as("the victim's row rolled back with its login")
                .isFalse();
        assertThat(control.statusCode()).isEqualTo(200);
        assertThat(OutboxRows.types(rows.ofAggregate(bystander)))
                .containsExactly("identity.admin.user.created.v1", "identity.login.succeeded.v1");
        assertThat(rows.exists(written.get(1))).isTrue();
    }

    @Test
    void logoutWritesExactlyOneLogoutRow() {
        String userId = userIds.get("user3");
        HttpResponse<String> tokens = client.passwordGrant(REALM, "user3", PASSWORD);
        assertThat(tokens.statusCode()).isEqualTo(200);
        List<Row> before = rows.ofAggregate(userId);
        HttpResponse<String> logout = Http.postForm(
                Http.client(),
                server.realmUrl(REALM) + "/protocol/openid-connect/logout",
                Map.of(
                        "client_id",
                        OidcClient.DIRECT_GRANT_CLIENT,
                        "refresh_token",
                        Http.json(tokens.body()).get("refresh_token").asText()));
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);

        List<Row> added = OutboxRows.added(before, rows.ofAggregate(userId));
        assertThat(OutboxRows.types(added)).containsExactly("identity.logout.v1");
        assertWellFormed(added.get(0));
        assertThat(added.get(0).payload().get("sessionId").asText()).isEqualTo(OutboxClient.sid(tokens));
    }

    @Test
    void provisioningByTheIdentityResourceWritesOneProvisionedRow() throws Exception {
        H2AppDatabase appDb = new H2AppDatabase();
        appDb.applyReferenceSchemaWithDemoUsers();
        String component = admin.createComponent(
                REALM,
                "app users",
                Map.of(
                        "jdbcUrl",
                        appDb.keycloakJdbcUrl(),
                        "dbUser",
                        appDb.user(),
                        "dbPassword",
                        appDb.password(),
                        "editMode",
                        "WRITABLE",
                        "cachePolicy",
                        "NO_CACHE"));
        try {
            String userId = client.createUser(REALM, "provisioned");
            HttpResponse<String> tokens = client.passwordGrant(REALM, "provisioned", PASSWORD);
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            List<Row> before = rows.ofAggregate(userId);
            HttpResponse<String> created = Http.send(
                    Http.client(),
                    HttpRequest.newBuilder(URI.create(server.realmUrl(REALM) + "/identity/bootstrap"))
                            .timeout(Http.TIMEOUT)
                            .header(
                                    "Authorization",
                                    "Bearer "
                                            + Http.json(tokens.body())
                                                    .get("access_token")
                                                    .asText())
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String appUserId = Http.json(created.body()).get("userId").asText();

            List<Row> added = OutboxRows.added(before, rows.ofAggregate(userId));
            assertThat(OutboxRows.types(added)).containsExactly("identity.user.provisioned.v1");
            assertWellFormed(added.get(0));
            assertThat(added.get(0).payload().get("userId").asText()).isEqualTo(appUserId);
            assertThat(added.get(0).payload().get("authId").asText()).isEqualTo(userId);
            assertThat(appDb.count("SELECT COUNT(*) FROM users WHERE id = ? AND auth_id = ?", appUserId, userId))
                    .isEqualTo(1);
        } finally {
            admin.delete("/realms/" + REALM + "/components/" + component);
        }
    }

    @Test
    void tokenRefreshIsNotWrittenByDefault() {
        String userId = userIds.get("user3");
        HttpResponse<String> tokens = client.passwordGrant(REALM, "user3", PASSWORD);
        assertThat(tokens.statusCode()).isEqualTo(200);
        List<Row> before = rows.ofAggregate(userId);
        HttpResponse<String> refreshed = Http.postForm(
                Http.client(),
                server.realmUrl(REALM) + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        OidcClient.DIRECT_GRANT_CLIENT,
                        "refresh_token",
                        Http.json(tokens.body()).get("refresh_token").asText()));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(OutboxRows.added(before, rows.ofAggregate(userId))).isEmpty();
    }

    @Test
    void concurrentLoginsWriteOneRowEachInPerUserOrder() throws Exception {
        Map<String, List<Row>> before = new HashMap<>();
        userIds.forEach((name, id) -> before.put(name, rows.ofAggregate(id)));
        int perUser = CONCURRENT_LOGINS / CONCURRENT_USERS;
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_USERS);
        Map<String, Future<List<String>>> lanes = new LinkedHashMap<>();
        try {
            for (String name : userIds.keySet()) {
                // one lane per user: each login starts after the previous one of that user was answered
                lanes.put(name, pool.submit(() -> {
                    List<String> sessions = new ArrayList<>();
                    for (int i = 0; i < perUser; i++) {
                        HttpResponse<String> tokens = client.passwordGrant(REALM, name, PASSWORD);
                        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
                        sessions.add(OutboxClient.sid(tokens));
                    }
                    return sessions;
                }));
            }
            Set<String> ids = new HashSet<>();
            int total = 0;
            for (Map.Entry<String, Future<List<String>>> lane : lanes.entrySet()) {
                List<String> sessions = lane.getValue().get();
                List<Row> added =
                        OutboxRows.added(before.get(lane.getKey()), rows.ofAggregate(userIds.get(lane.getKey())));
                assertThat(OutboxRows.types(added)).hasSize(perUser).containsOnly("identity.login.succeeded.v1");
                Map<String, Instant> timeBySession = new HashMap<>();
                added.forEach(
                        r -> timeBySession.put(r.payload().get("sessionId").asText(), r.timestamp()));
                assertThat(timeBySession.keySet()).containsExactlyInAnyOrderElementsOf(sessions);
                List<Instant> inLoginOrder =
                        sessions.stream().map(timeBySession::get).toList();
                assertThat(inLoginOrder)
                        .as("timestamps of %s in the order the logins happened", lane.getKey())
                        .isSorted();
                added.forEach(r -> ids.add(r.id()));
                total += added.size();
            }
            assertThat(total).isEqualTo(CONCURRENT_LOGINS);
            assertThat(ids).hasSize(CONCURRENT_LOGINS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void personalDataOnlyWhereTheRealmOptedIn() {
        String plainUser = userIds.get("user4");
        List<Row> plainBefore = rows.ofAggregate(plainUser);
        assertThat(client.passwordGrant(REALM, "user4", PASSWORD).statusCode()).isEqualTo(200);
        Row plain = OutboxRows.added(plainBefore, rows.ofAggregate(plainUser)).get(0);
        assertWellFormed(plain);
        assertThat(plain.payload().has("username")
                        || plain.payload().has("email")
                        || plain.payload().has("ipAddress"))
                .isFalse();
        assertThat(plain.payloadText()).doesNotContain("user4", "127.0.0.1");

        String piiUser = client.createUser(PII_REALM, "pii-user");
        assertThat(client.passwordGrant(PII_REALM, "pii-user", PASSWORD).statusCode())
                .isEqualTo(200);
        Row pii = rows.ofAggregate(piiUser).stream()
                .filter(r -> r.type().equals("identity.login.succeeded.v1"))
                .findFirst()
                .orElseThrow();
        assertWellFormed(pii);
        assertThat(pii.payload().get("username").asText()).isEqualTo("pii-user");
        assertThat(pii.payload().get("ipAddress").asText()).isEqualTo("127.0.0.1");

        OidcClient.BrowserLogin registered = oidc.register(PII_REALM, registrationForm("pii-reg"));
        assertThat(registered.tokens()).as(registered.page()).isPresent();
        String regId = OidcClient.claims(
                        registered.tokens().get().get("access_token").asText())
                .get("sub")
                .asText();
        Row reg = rows.ofAggregate(regId).stream()
                .filter(r -> r.type().equals("identity.user.registered.v1"))
                .findFirst()
                .orElseThrow();
        assertWellFormed(reg);
        assertThat(reg.payload().get("email").asText()).isEqualTo("pii-reg@example.org");
    }

    @Test
    void adminOperationsOnUsersAreWritten() {
        String userId = client.createUser(REALM, "managed");
        assertThat(admin.put("/realms/" + REALM + "/users/" + userId, Map.of("firstName", "Changed"))
                        .statusCode())
                .isEqualTo(204);
        assertThat(admin.put(
                                "/realms/" + REALM + "/users/" + userId + "/reset-password",
                                Map.of("type", "password", "value", "Other-" + PASSWORD, "temporary", false))
                        .statusCode())
                .isEqualTo(204);
        assertThat(admin.delete("/realms/" + REALM + "/users/" + userId).statusCode())
                .isEqualTo(204);

        List<Row> userRows = rows.ofAggregate(userId);
        assertThat(OutboxRows.types(userRows))
                .containsExactly(
                        "identity.admin.user.created.v1",
                        "identity.admin.user.updated.v1",
                        "identity.admin.user.password-reset.v1",
                        "identity.admin.user.deleted.v1");
        userRows.forEach(OutboxSuite::assertWellFormed);
        JsonNode actor = userRows.get(0).payload().get("actor");
        assertThat(actor.get("realmId").asText()).isEqualTo(admin.realmId("master"));
        assertThat(userRows.get(0).payloadText()).doesNotContain("managed@example.org", "Other-" + PASSWORD);
    }

    // --- Keycloak 26's credential events, session expiry, admin membership changes, excluded clients ---

    /** Rows of a user whose type is one of {@code types}, in order. */
    private List<Row> rowsOfTypes(String authId, String... types) {
        return rows.ofAggregate(authId).stream()
                .filter(row -> List.of(types).contains(row.type()))
                .toList();
    }

    @Test
    void otpSetUpAndRemovalInTheBrowserWriteOneCredentialRowEach() throws Exception {
        assertThat(AccountActions.totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59_000L))
                .as("RFC 6238 test vector")
                .isEqualTo("287082");
        String userId = client.createUser(REALM, "otp-user");
        AccountActions account = new AccountActions(server);
        try (Browser browser = new Browser()) {
            JsonNode tokens = account.setUpOtp(browser, REALM, "otp-user", PASSWORD);
            List<Row> updated =
                    rowsOfTypes(userId, "identity.user.credential-updated.v1", "identity.user.credential-removed.v1");
            assertThat(OutboxRows.types(updated)).containsExactly("identity.user.credential-updated.v1");
            assertWellFormed(updated.get(0));
            assertThat(updated.get(0).payload().get("credentialType").asText()).isEqualTo("otp");
            assertThat(updated.get(0).payloadText())
                    .as("the credential's label is the user's")
                    .doesNotContain("phone of");

            // the account console lists the credentials through the account REST API, and removes one through
            // Keycloak's
            // delete_credential action
            HttpResponse<String> credentials = Http.send(
                    Http.client(),
                    HttpRequest.newBuilder(URI.create(account.realmUrl(REALM) + "/account/credentials?type=otp"))
                            .timeout(Http.TIMEOUT)
                            .header(
                                    "Authorization",
                                    "Bearer " + tokens.get("access_token").asText())
                            .header("Accept", "application/json")
                            .GET()
                            .build());
            assertThat(credentials.statusCode()).as(credentials.body()).isEqualTo(200);
            String credentialId = Http.json(credentials.body())
                    .get(0)
                    .get("userCredentialMetadatas")
                    .get(0)
                    .get("credential")
                    .get("id")
                    .asText();
            account.deleteCredential(browser, REALM, credentialId);
        }
        List<Row> both =
                rowsOfTypes(userId, "identity.user.credential-updated.v1", "identity.user.credential-removed.v1");
        assertThat(OutboxRows.types(both))
                .containsExactly("identity.user.credential-updated.v1", "identity.user.credential-removed.v1");
        assertWellFormed(both.get(1));
        assertThat(both.get(1).payload().get("credentialType").asText()).isEqualTo("otp");
    }

    @Test
    void aPasskeyRegisteredAndRemovedInTheBrowserWritesOneCredentialRowEach() throws Exception {
        String userId = client.createUser(REALM, "passkey-user");
        AccountActions account = new AccountActions(server);
        try (Browser browser = new Browser()) {
            account.registerPasskey(browser, REALM, "passkey-user", PASSWORD);
            // the account REST API lists only credential types the realm's flows use (a passkey login is not in the
            // default browser flow), so the credential's id comes from the admin API
            JsonNode stored = admin.getJson("/realms/" + REALM + "/users/" + userId + "/credentials");
            String credentialId = null;
            for (JsonNode credential : stored) {
                if (credential.get("type").asText().equals("webauthn-passwordless")) {
                    credentialId = credential.get("id").asText();
                }
            }
            assertThat(credentialId).as("a passkey among %s", stored).isNotNull();
            account.deleteCredential(browser, REALM, credentialId);
        }
        List<Row> rows =
                rowsOfTypes(userId, "identity.user.credential-updated.v1", "identity.user.credential-removed.v1");
        assertThat(OutboxRows.types(rows))
                .containsExactly("identity.user.credential-updated.v1", "identity.user.credential-removed.v1");
        rows.forEach(OutboxSuite::assertWellFormed);
        for (Row row : rows) {
            assertThat(row.payload().get("credentialType").asText()).isEqualTo("webauthn-passwordless");
        }
    }

    /** Keycloak 26 sends UPDATE_PASSWORD and UPDATE_CREDENTIAL for one change: one row. */
    @Test
    void aPasswordChangeInTheBrowserIsOneCredentialUpdatedRow() throws Exception {
        String userId = client.createUser(REALM, "pw-user");
        try (Browser browser = new Browser()) {
            new AccountActions(server).updatePassword(browser, REALM, "pw-user", PASSWORD, "Changed-" + PASSWORD);
        }
        List<Row> changed =
                rowsOfTypes(userId, "identity.user.credential-updated.v1", "identity.user.password-updated.v1");
        assertThat(OutboxRows.types(changed)).containsExactly("identity.user.credential-updated.v1");
        assertWellFormed(changed.get(0));
        assertThat(changed.get(0).payload().get("credentialType").asText()).isEqualTo("password");
        assertThat(client.passwordGrant(REALM, "pw-user", "Changed-" + PASSWORD).statusCode())
                .isEqualTo(200);
    }

    /**
     * Sessions of {@link #ADMIN_REALM} live 3 s. Keycloak's purge of expired sessions (every 60 s here) removes a session
     * once its lifespan plus a window of 180 s have passed, sending USER_SESSION_DELETED: 3–4 minutes after the login.
     * The session is opened when the suite starts and checked by its last test, so that the other tests run meanwhile.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void anExpiredSessionWritesOneSessionDeletedRow() throws Exception {
        List<Row> deleted = List.of();
        for (long deadline = shortSessionStarted + 300_000;
                deleted.isEmpty() && System.currentTimeMillis() < deadline; ) {
            deleted = rowsOfTypes(shortSessionUser, "identity.user.session-deleted.v1");
            if (deleted.isEmpty()) {
                Thread.sleep(1_000);
            }
        }
        System.out.printf(
                "[%s] session-deleted row %d s after the login%n",
                leg(), (System.currentTimeMillis() - shortSessionStarted) / 1000);
        assertThat(OutboxRows.types(deleted)).containsExactly("identity.user.session-deleted.v1");
        assertWellFormed(deleted.get(0));
        assertThat(deleted.get(0).payload().get("sessionId").asText()).isEqualTo(shortSessionId);
        assertThat(deleted.get(0).payload().get("details").get("reason").asText())
                .isEqualTo("user_session_expired");
    }

    @Test
    void adminGroupAndRoleChangesOfAUserAreWrittenWithTheGroupAndTheRoles() {
        String userId = client.createUser(ADMIN_REALM, "member");
        String base = "/realms/" + ADMIN_REALM;
        HttpResponse<String> group = admin.post(base + "/groups", Map.of("name", "staff"));
        assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
        String groupId = group.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        assertThat(admin.post(base + "/roles", Map.of("name", "auditor")).statusCode())
                .isEqualTo(201);
        JsonNode role = admin.getJson(base + "/roles/auditor");
        String webClient = admin.getJson(base + "/clients?clientId=" + OidcClient.WEB_CLIENT)
                .get(0)
                .get("id")
                .asText();
        assertThat(admin.post(base + "/clients/" + webClient + "/roles", Map.of("name", "viewer"))
                        .statusCode())
                .isEqualTo(201);
        JsonNode clientRole = admin.getJson(base + "/clients/" + webClient + "/roles/viewer");

        assertThat(admin.put(base + "/users/" + userId + "/groups/" + groupId, Map.of())
                        .statusCode())
                .isEqualTo(204);
        assertThat(admin.delete(base + "/users/" + userId + "/groups/" + groupId)
                        .statusCode())
                .isEqualTo(204);
        assertThat(admin.post(base + "/users/" + userId + "/role-mappings/realm", List.of(role))
                        .statusCode())
                .isEqualTo(204);
        assertThat(admin.delete(base + "/users/" + userId + "/role-mappings/realm", List.of(role))
                        .statusCode())
                .isEqualTo(204);
        assertThat(admin.post(base + "/users/" + userId + "/role-mappings/clients/" + webClient, List.of(clientRole))
                        .statusCode())
                .isEqualTo(204);

        List<Row> changes = rowsOfTypes(
                userId,
                "identity.admin.user.group-added.v1",
                "identity.admin.user.group-removed.v1",
                "identity.admin.user.role-granted.v1",
                "identity.admin.user.role-revoked.v1");
        assertThat(OutboxRows.types(changes))
                .containsExactly(
                        "identity.admin.user.group-added.v1",
                        "identity.admin.user.group-removed.v1",
                        "identity.admin.user.role-granted.v1",
                        "identity.admin.user.role-revoked.v1",
                        "identity.admin.user.role-granted.v1");
        changes.forEach(OutboxSuite::assertWellFormed);
        assertThat(changes.get(0).payload().get("groupId").asText()).isEqualTo(groupId);
        assertThat(changes.get(0).payload().get("groupPath").asText()).isEqualTo("/staff");
        assertThat(changes.get(1).payload().get("groupPath").asText()).isEqualTo("/staff");
        assertThat(changes.get(2).payload().get("roleNames"))
                .extracting(JsonNode::asText)
                .containsExactly("auditor");
        assertThat(changes.get(2).payload().has("roleClientId")).isFalse();
        assertThat(changes.get(3).payload().get("roleNames"))
                .extracting(JsonNode::asText)
                .containsExactly("auditor");
        assertThat(changes.get(4).payload().get("roleNames"))
                .extracting(JsonNode::asText)
                .containsExactly("viewer");
        assertThat(changes.get(4).payload().get("roleClientId").asText()).isEqualTo(OidcClient.WEB_CLIENT);
        assertThat(changes.get(0).payload().get("actor").get("realmId").asText())
                .isEqualTo(admin.realmId("master"));
    }

    @Test
    void organizationMembershipChangesAreWrittenWithTheOrganization() {
        String base = "/realms/" + ADMIN_REALM;
        assertThat(admin.put(base, Map.of("realm", ADMIN_REALM, "organizationsEnabled", true))
                        .statusCode())
                .isEqualTo(204);
        String userId = client.createUser(ADMIN_REALM, "org-member");
        HttpResponse<String> organization = admin.post(
                base + "/organizations",
                Map.of("name", "ACME", "alias", "acme", "domains", List.of(Map.of("name", "acme.example"))));
        assertThat(organization.statusCode()).as(organization.body()).isEqualTo(201);
        String organizationId =
                organization.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");

        HttpResponse<String> added = admin.post(base + "/organizations/" + organizationId + "/members", userId);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        HttpResponse<String> removed = admin.delete(base + "/organizations/" + organizationId + "/members/" + userId);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);

        List<Row> changes = rowsOfTypes(
                userId, "identity.admin.user.organization-added.v1", "identity.admin.user.organization-removed.v1");
        assertThat(OutboxRows.types(changes))
                .containsExactly(
                        "identity.admin.user.organization-added.v1", "identity.admin.user.organization-removed.v1");
        changes.forEach(OutboxSuite::assertWellFormed);
        for (Row change : changes) {
            assertThat(change.payload().get("organizationId").asText()).isEqualTo(organizationId);
            assertThat(change.payload().get("organizationAlias").asText()).isEqualTo("acme");
            assertThat(change.payloadText())
                    .as("the member's name and email are not copied")
                    .doesNotContain("org-member@");
        }
    }

    @Test
    void eventsOfAnExcludedClientAreNotWritten() {
        String userId = userIds.get("user6");
        List<Row> before = rows.ofAggregate(userId);
        HttpResponse<String> excluded = Http.postForm(
                Http.client(),
                server.realmUrl(REALM) + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        EXCLUDED_CLIENT,
                        "username",
                        "user6",
                        "password",
                        PASSWORD));
        assertThat(excluded.statusCode()).as(excluded.body()).isEqualTo(200);
        HttpResponse<String> wrong = Http.postForm(
                Http.client(),
                server.realmUrl(REALM) + "/protocol/openid-connect/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        EXCLUDED_CLIENT,
                        "username",
                        "user6",
                        "password",
                        "not-" + PASSWORD));
        OutboxClient.assertInvalidGrant(wrong);
        assertThat(client.passwordGrant(REALM, "user6", PASSWORD).statusCode()).isEqualTo(200);

        List<Row> added = OutboxRows.added(before, rows.ofAggregate(userId));
        assertThat(OutboxRows.types(added))
                .as("only the login through the other client")
                .containsExactly("identity.login.succeeded.v1");
        assertThat(added.get(0).payload().get("clientId").asText()).isEqualTo(OidcClient.DIRECT_GRANT_CLIENT);
    }

    @Test
    void countersAreOnTheMetricsEndpoint() {
        double writtenBefore = metric("identity_bridge_outbox_events_written_total", "identity.login.succeeded.v1");
        assertThat(client.passwordGrant(REALM, "user5", PASSWORD).statusCode()).isEqualTo(200);
        assertThat(metric("identity_bridge_outbox_events_written_total", "identity.login.succeeded.v1"))
                .isEqualTo(writtenBefore + 1);
        assertThat(metric("identity_bridge_outbox_events_failed_total", "identity.login.succeeded.v1"))
                .isZero();
    }

    @Test
    void keepRetentionCleanupDeletesOnlyExpiredRows() throws InterruptedException {
        String expired = UUID.randomUUID().toString();
        rows.insertOld(expired, realmId, daysAgo(30));
        String userId = userIds.get("user6");
        List<Row> before = rows.ofAggregate(userId);
        assertThat(client.passwordGrant(REALM, "user6", PASSWORD).statusCode()).isEqualTo(200);
        String fresh = OutboxRows.added(before, rows.ofAggregate(userId)).get(0).id();
        long deadline = System.currentTimeMillis() + 60_000;
        while (rows.exists(expired) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        assertThat(rows.exists(expired))
                .as("a row older than the retention period is deleted by the cleanup task")
                .isFalse();
        assertThat(rows.exists(fresh)).isTrue();
    }

    /** One sample of the Prometheus scrape, by metric name and type tag. */
    double metric(String name, String type) {
        HttpResponse<String> scrape = Http.send(
                Http.client(),
                HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics"))
                        .timeout(Http.TIMEOUT)
                        .GET()
                        .build());
        assertThat(scrape.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile(
                        "^" + name + "\\{[^}]*type=\"" + Pattern.quote(type) + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape.body());
        assertThat(m.find()).as("%s{type=%s} in the scrape", name, type).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static Map<String, String> registrationForm(String username) {
        return registrationForm(username, username + "@example.org");
    }

    static Map<String, String> registrationForm(String username, String email) {
        return Map.of(
                "username",
                username,
                "email",
                email,
                "firstName",
                "New",
                "lastName",
                "Comer",
                "password",
                PASSWORD,
                "password-confirm",
                PASSWORD);
    }

    /** Ids of the rows of {@code type} the listener logged as added to a transaction since {@code offset} of the server log. */
    List<String> rowsAddedToATransaction(long offset, String type) {
        try (java.io.RandomAccessFile log =
                new java.io.RandomAccessFile(server.logFile().toFile(), "r")) {
            log.seek(offset);
            byte[] tail = new byte[(int) (log.length() - offset)];
            log.readFully(tail);
            Matcher m = Pattern.compile("Outbox row (\\S+) \\(" + Pattern.quote(type) + "\\) added to the transaction")
                    .matcher(new String(tail, java.nio.charset.StandardCharsets.UTF_8));
            List<String> ids = new ArrayList<>();
            while (m.find()) {
                ids.add(m.group(1));
            }
            return ids;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long logSize() {
        return server.logFile().toFile().length();
    }

    static int countOfType(List<Row> rows, String type) {
        return (int) rows.stream().filter(r -> r.type().equals(type)).count();
    }

    void executeOnKeycloakDb(String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Instant with the precision every leg's column keeps. */
    static Instant daysAgo(int days) {
        return Instant.now().minus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
    }
}
