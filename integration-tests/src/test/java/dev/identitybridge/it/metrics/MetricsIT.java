package dev.identitybridge.it.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.H2AppDatabase;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.harness.TcpProxy;
import dev.identitybridge.it.identity.IdentityRealm;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The metrics against one real Keycloak 26.7.3 ({@code --metrics-enabled=true}, H2 app database behind a
 * {@link TcpProxy}): a known sequence of logins, a lookup of an unknown user, a re-hash of a legacy hash, an outage, and
 * identity API calls moves exactly the expected series of the scrape; every metric and label matcher that the Grafana
 * dashboard and the alert rules under {@code docs/observability/} use is in that scrape; {@code promtool} accepts the rules.
 */
@Tag("h2")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

    private static final String REALM = "it-metrics";
    private static final String COMPONENT = "app users";
    private static final String LOGIN_TYPE = "identity.login.succeeded.v1";
    private static final Path OBSERVABILITY =
            Path.of(System.getProperty("it.project.root", ".."), "docs", "observability");
    /** Labels Prometheus adds at scrape time: never in Keycloak's output. */
    private static final Set<String> SCRAPE_TIME_LABELS = Set.of("instance", "job");

    private H2AppDatabase db;
    private TcpProxy proxy;
    private KeycloakServer server;
    private OidcClient oidc;
    private KeycloakAdmin admin;
    private IdentityRealm realm;

    @BeforeAll
    void start() throws Exception {
        db = new H2AppDatabase();
        db.recreate();
        db.applyReferenceSchemaWithDemoUsers();
        Matcher port = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d+)/").matcher(db.keycloakJdbcUrl());
        assertThat(port.find()).isTrue();
        proxy = new TcpProxy("127.0.0.1", Integer.parseInt(port.group(1)));
        Path workDir = Path.of(System.getProperty("it.work.dir", "target/it-work"), "metrics");
        server = KeycloakServer.start(
                KeycloakServer.distribution("metrics"),
                workDir,
                List.of(
                        "--db=dev-mem",
                        "--metrics-enabled=true",
                        "--spi-events-listener--outbox--cleanup-interval=2s"));
        admin = new KeycloakAdmin(server);
        oidc = new OidcClient(server);
        Map<String, String> config = IdentityRealm.componentConfig(
                port.replaceFirst("tcp://127.0.0.1:" + proxy.port() + "/"), db.user(), db.password(), "WRITABLE");
        config.put("allowLegacyHashes", "true");
        config.put("rehashOnLogin", "true");
        config.put("passwordHashAlgorithm", "bcrypt");
        config.put("poolMaxSize", "4");
        config.put("poolAcquisitionTimeoutMs", "2000");
        // the reference join tables: the demo rows name roles and groups this realm does not have
        config.put("roleTable", "user_roles");
        config.put("groupTable", "user_groups");
        realm = new IdentityRealm(server, admin, REALM, config);
        HttpResponse<String> events = admin.put(
                "/realms/" + REALM + "/events/config",
                Map.of(
                        "eventsListeners",
                        List.of("jboss-logging", "outbox"),
                        "eventsEnabled",
                        false,
                        "adminEventsEnabled",
                        false));
        assertThat(events.statusCode()).as(events.body()).isEqualTo(204);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    @Order(1)
    void loginsLookupsAndARehashMoveTheUserStoreSeries() throws Exception {
        Scrape before = Scrape.of(server);
        assertLogin("alice", DemoUsers.PASSWORD, 200);
        assertLogin("alice", DemoUsers.PASSWORD, 200);
        assertLogin("bob", "not-" + DemoUsers.PASSWORD, 400);
        assertLogin("nobody-at-all", DemoUsers.PASSWORD, 400);
        assertThat(DemoUsers.named("grace").legacyHash()).isTrue();
        assertLogin("grace", DemoUsers.PASSWORD, 200); // {SSHA256}: verified, then re-written with bcrypt
        Scrape after = Scrape.of(server);

        assertThat(delta(before, after, "identity_bridge_password_check_seconds_count", "outcome", "valid"))
                .isEqualTo(3);
        assertThat(delta(before, after, "identity_bridge_password_check_seconds_count", "outcome", "invalid"))
                .isEqualTo(1);
        assertThat(delta(before, after, "identity_bridge_password_check_seconds_count", "outcome", "unavailable"))
                .isZero();
        assertThat(delta(before, after, "identity_bridge_user_lookup_seconds_count", "outcome", "found"))
                .isGreaterThanOrEqualTo(4);
        assertThat(delta(before, after, "identity_bridge_user_lookup_seconds_count", "outcome", "not_found"))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "identity_bridge_user_lookup_seconds_count", "outcome", "unavailable"))
                .isZero();
        // Prometheus buckets: the +Inf bucket counts every lookup, the finite ones are cumulative below it
        double found = after.value("identity_bridge_user_lookup_seconds_count", component("outcome", "found"));
        assertThat(after.value(
                        "identity_bridge_user_lookup_seconds_bucket", component("outcome", "found", "le", "+Inf")))
                .isEqualTo(found);
        List<Scrape.Sample> buckets = after.named("identity_bridge_user_lookup_seconds_bucket").stream()
                .filter(s -> "found".equals(s.labels().get("outcome"))
                        && COMPONENT.equals(s.labels().get("component")))
                .toList();
        assertThat(buckets).hasSizeGreaterThanOrEqualTo(10).allMatch(s -> s.value() <= found);
        assertThat(after.named("identity_bridge_password_check_seconds_bucket")).isNotEmpty();

        assertThat(after.value(
                        "identity_bridge_rehash_total",
                        component("from", "salted_sha256", "algorithm", "bcrypt", "result", "written")))
                .isEqualTo(1);
        assertThat(after.value("identity_bridge_rehash_total", component("from", "salted_sha256", "result", "failed")))
                .isZero();
        assertThat(db.count("SELECT COUNT(*) FROM users WHERE username = 'grace' AND password_hash LIKE '$2%'"))
                .isEqualTo(1);

        assertThat(after.value("identity_bridge_pool_connections", component("state", "max")))
                .isEqualTo(4);
        assertThat(after.value("identity_bridge_pool_connections", component("state", "active"))
                        + after.value("identity_bridge_pool_connections", component("state", "idle")))
                .isBetween(1.0, 4.0);
        assertThat(after.value("identity_bridge_pool_connections", component("state", "waiting")))
                .isZero();
        assertThat(after.value("identity_bridge_app_database_available", component()))
                .isEqualTo(1);
        // the component's display name and the realm's name, nothing of a user
        assertThat(after.named("identity_bridge_user_lookup_seconds_count"))
                .allSatisfy(s ->
                        assertThat(s.labels().keySet()).containsExactlyInAnyOrder("realm", "component", "outcome"));
    }

    @Test
    @Order(2)
    void anOutageDropsTheAvailabilityToZeroUntilTheDatabaseAnswersAgain() throws Exception {
        Scrape before = Scrape.of(server);
        proxy.cut();
        try {
            assertLogin("alice", DemoUsers.PASSWORD, 400); // invalid_grant: nobody found
            Scrape during = Scrape.of(server);
            assertThat(during.value("identity_bridge_app_database_available", component()))
                    .isZero();
            assertThat(delta(before, during, "identity_bridge_user_lookup_seconds_count", "outcome", "unavailable"))
                    .isGreaterThanOrEqualTo(1);
        } finally {
            proxy.restore();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (oidc.passwordGrant(REALM, "alice", DemoUsers.PASSWORD).statusCode() != 200) {
            assertThat(System.nanoTime())
                    .as("alice logs in again within 30 s of the database's return")
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
        assertThat(Scrape.of(server).value("identity_bridge_app_database_available", component()))
                .isEqualTo(1);
    }

    @Test
    @Order(3)
    void identityApiCallsAreTimedByRouteAndStatusClassAndCountedByResult() throws Exception {
        String resolver = realm.clientToken("svc-resolver");
        String support = realm.clientToken("svc-admin");
        DemoUsers.DemoUser alice = DemoUsers.named("alice");
        String carolToken = realm.userToken("carol", DemoUsers.PASSWORD);
        realm.createLocalUser("boot-metrics", "boot-metrics@example.net", true, DemoUsers.PASSWORD);
        String bootToken = realm.userToken("boot-metrics", DemoUsers.PASSWORD);
        realm.createLocalUser("link-metrics", "link-metrics@example.net", true, DemoUsers.PASSWORD);
        insertUnlinkedRow("app-link-metrics", "link-metrics@example.net");
        String linkToken = realm.userToken("link-metrics", DemoUsers.PASSWORD);

        Scrape before = Scrape.of(server);
        assertStatus(
                realm.post("/resolve", resolver, "application/json", Http.toJson(Map.of("email", alice.email()))), 200);
        assertStatus(
                realm.post(
                        "/resolve", resolver, "application/json", Http.toJson(Map.of("email", "nobody@example.org"))),
                404);
        assertStatus(realm.post("/bootstrap", carolToken, null, null), 200);
        assertStatus(realm.post("/bootstrap", bootToken, null, null), 201);
        assertStatus(realm.post("/bootstrap", linkToken, null, null), 200);
        assertStatus(realm.get("/users/" + alice.id(), support), 200);
        HttpResponse<String> backfill = realm.post("/backfill", support, "application/json", "{}");
        assertStatus(backfill, 200);
        assertStatus(realm.get("/no-such-route", support), 404);
        Scrape after = Scrape.of(server);

        String count = "identity_bridge_identity_request_seconds_count";
        assertThat(delta(before, after, count, "endpoint", "resolve", "status", "2xx"))
                .isEqualTo(1);
        assertThat(delta(before, after, count, "endpoint", "resolve", "status", "4xx"))
                .isEqualTo(1);
        assertThat(delta(before, after, count, "endpoint", "bootstrap", "status", "2xx"))
                .isEqualTo(3);
        assertThat(delta(before, after, count, "endpoint", "support", "status", "2xx"))
                .isEqualTo(1);
        assertThat(delta(before, after, count, "endpoint", "backfill", "status", "2xx"))
                .isEqualTo(1);
        assertThat(delta(before, after, count, "endpoint", "unknown", "status", "4xx"))
                .isEqualTo(1);
        assertThat(delta(before, after, count, "status", "5xx")).isZero();
        assertThat(after.named(count))
                .as("route names only, never a path with a user id")
                .allSatisfy(s -> assertThat(s.labels().get("endpoint")).doesNotContain("/", alice.id()));

        String users = "identity_bridge_identity_users_total";
        assertThat(delta(before, after, users, "endpoint", "resolve", "result", "found"))
                .isEqualTo(1);
        assertThat(delta(before, after, users, "endpoint", "bootstrap", "result", "found"))
                .isEqualTo(1);
        assertThat(delta(before, after, users, "endpoint", "bootstrap", "result", "provisioned"))
                .isEqualTo(1);
        assertThat(delta(before, after, users, "endpoint", "bootstrap", "result", "linked"))
                .isEqualTo(1);

        JsonNode result = Http.json(backfill.body());
        assertThat(result.get("dryRun").asBoolean()).isFalse();
        assertThat(delta(before, after, "identity_bridge_backfill_rows_total"))
                .isEqualTo(result.get("processed").asDouble());
        assertThat(delta(before, after, "identity_bridge_backfill_rows_total", "outcome", "linked"))
                .isEqualTo(result.get("counts").get("linked").asDouble());
    }

    @Test
    @Order(4)
    void outboxCountsWrittenRowsAndMeasuresTheOldestRowsAge() throws Exception {
        Scrape before = Scrape.of(server);
        assertLogin("heidi", DemoUsers.PASSWORD, 200);
        assertThat(delta(before, Scrape.of(server), "identity_bridge_outbox_events_written_total", "type", LOGIN_TYPE))
                .isEqualTo(1);
        // rows written by the logins above; the probe runs every cleanup interval (2 s here)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Scrape.of(server).value("identity_bridge_outbox_oldest_row_age_seconds") <= 0) {
            assertThat(System.nanoTime()).as("the oldest row's age is measured").isLessThan(deadline);
            Thread.sleep(500);
        }
        assertThat(Scrape.of(server).value("identity_bridge_outbox_events_failed_total", "type", LOGIN_TYPE))
                .isZero();
    }

    /**
     * Rows of the app's join tables that name no Keycloak role or group, or one with administration rights (a realm
     * role composed of {@code manage-users}, a group holding it): not granted, and counted per component, the series
     * of the dashboard's "App roles and groups ignored" panel and of the alert on administration rights.
     */
    @Test
    @Order(5)
    void appRolesAndGroupsThatAreUnknownOrCarryAdministrationRightsAreCounted() throws Exception {
        String management = realm.clientUuid("realm-management");
        JsonNode manageUsers = admin.getJson("/realms/" + REALM + "/clients/" + management + "/roles/manage-users");
        assertStatus(admin.post("/realms/" + REALM + "/roles", Map.of("name", "ops")), 201);
        assertStatus(
                admin.post(
                        "/realms/" + REALM + "/roles/ops/composites",
                        List.of(Map.of("id", manageUsers.get("id").asText()))),
                204);
        HttpResponse<String> group = admin.post("/realms/" + REALM + "/groups", Map.of("name", "admins"));
        assertStatus(group, 201);
        String groupLocation = group.headers().firstValue("Location").orElseThrow();
        String groupId = groupLocation.substring(groupLocation.lastIndexOf('/') + 1);
        assertStatus(
                admin.post(
                        "/realms/" + REALM + "/groups/" + groupId + "/role-mappings/clients/" + management,
                        List.of(Map.of("id", manageUsers.get("id").asText(), "name", "manage-users"))),
                204);
        String erin = DemoUsers.named("erin").id();
        try (Connection c = db.connect();
                PreparedStatement roles =
                        c.prepareStatement("INSERT INTO user_roles (user_id, role_name) VALUES (?, ?)");
                PreparedStatement groups =
                        c.prepareStatement("INSERT INTO user_groups (user_id, group_name) VALUES (?, ?)")) {
            for (String role : List.of("ops", "no-such-role")) {
                roles.setString(1, erin);
                roles.setString(2, role);
                roles.executeUpdate();
            }
            for (String name : List.of("admins", "no-such-group")) {
                groups.setString(1, erin);
                groups.setString(2, name);
                groups.executeUpdate();
            }
        }

        Scrape before = Scrape.of(server);
        HttpResponse<String> login = oidc.passwordGrant(REALM, "erin", DemoUsers.PASSWORD);
        assertStatus(login, 200);
        Scrape after = Scrape.of(server);

        String accessToken = Http.json(login.body()).get("access_token").asText();
        JsonNode claims =
                Http.JSON.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
        assertThat(claims.path("realm_access").path("roles").toString()).doesNotContain("ops", "no-such-role");
        assertThat(claims.path("resource_access").has("realm-management")).isFalse();
        for (String name : List.of(
                "identity_bridge_unknown_app_roles_total",
                "identity_bridge_unknown_app_groups_total",
                "identity_bridge_refused_app_roles_total",
                "identity_bridge_refused_app_groups_total")) {
            assertThat(delta(before, after, name)).as(name).isGreaterThanOrEqualTo(1);
            assertThat(after.named(name))
                    .as("labelled by realm and component, never a user or a role")
                    .allSatisfy(s -> assertThat(s.labels().keySet()).containsExactlyInAnyOrder("realm", "component"));
        }
    }

    /** A metric or label the dashboard or the rules use but the server does not publish fails here. */
    @Test
    @Order(6)
    void everyMetricAndLabelOfTheDashboardAndTheRulesIsInTheScrape() throws Exception {
        Scrape scrape = Scrape.of(server);
        Map<String, String> expressions = new LinkedHashMap<>();
        JsonNode dashboard = Http.JSON.readTree(
                OBSERVABILITY.resolve("identity-bridge-dashboard.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.put(
                        "dashboard panel '" + panel.get("title").asText() + "' "
                                + target.get("refId").asText(),
                        target.get("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            if (text.contains("identity_bridge_")) {
                expressions.put("dashboard variable '" + variable.get("name").asText() + "'", text);
            }
        }
        JsonNode rules = new ObjectMapper(new YAMLFactory())
                .readTree(OBSERVABILITY.resolve("identity-bridge.rules.yml").toFile());
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                expressions.put(
                        "rule " + rule.path("alert").asText(rule.path("record").asText()),
                        rule.get("expr").asText());
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(15);

        List<String> missing = new ArrayList<>();
        expressions.forEach((source, expression) ->
                missing.addAll(missingFromScrape(source, PromQlReferences.of(expression), scrape)));
        assertThat(missing)
                .as("metrics and labels used by docs/observability but not in the scrape")
                .isEmpty();
    }

    @Test
    @Order(7)
    void theRulesFileIsValidForPromtool() throws Exception {
        String promtool = onPath("promtool");
        if (promtool == null) {
            fail(
                    "promtool is not on PATH: install it (Debian: apt-get install prometheus, or only its /usr/bin/promtool, "
                            + "as .ci/run does) to check docs/observability/identity-bridge.rules.yml");
        }
        Process process = new ProcessBuilder(
                        promtool,
                        "check",
                        "rules",
                        OBSERVABILITY
                                .resolve("identity-bridge.rules.yml")
                                .toAbsolutePath()
                                .toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    static List<String> missingFromScrape(String source, PromQlReferences references, Scrape scrape) {
        List<String> missing = new ArrayList<>();
        List<Scrape.Sample> used = new ArrayList<>();
        for (PromQlReferences.Selector selector : references.selectors()) {
            List<Scrape.Sample> samples = scrape.named(selector.metric());
            if (samples.isEmpty()) {
                missing.add(source + ": metric " + selector.metric());
                continue;
            }
            used.addAll(samples);
            for (PromQlReferences.Matcher matcher : selector.matchers()) {
                if (samples.stream().noneMatch(s -> s.labels().containsKey(matcher.label()))) {
                    missing.add(source + ": label " + matcher.label() + " of " + selector.metric());
                } else if (!matcher.isTemplate() && !hasValue(samples, matcher)) {
                    missing.add(source + ": " + selector.metric() + "{" + matcher.label() + matcher.op() + "\""
                            + matcher.value() + "\"}");
                }
            }
        }
        for (String label : references.groupingLabels()) {
            if (!SCRAPE_TIME_LABELS.contains(label)
                    && used.stream().noneMatch(s -> s.labels().containsKey(label))) {
                missing.add(source + ": grouping label " + label);
            }
        }
        return missing;
    }

    private static boolean hasValue(List<Scrape.Sample> samples, PromQlReferences.Matcher matcher) {
        return switch (matcher.op()) {
            case "=" ->
                samples.stream().anyMatch(s -> matcher.value().equals(s.labels().get(matcher.label())));
            case "=~" ->
                samples.stream()
                        .anyMatch(s -> s.labels().containsKey(matcher.label())
                                && s.labels().get(matcher.label()).matches(matcher.value()));
            default -> true; // != and !~ only need the label
        };
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private void assertLogin(String username, String password, int status) {
        HttpResponse<String> response = oidc.passwordGrant(REALM, username, password);
        assertThat(response.statusCode())
                .as("login %s: %s", username, response.body())
                .isEqualTo(status);
    }

    private static void assertStatus(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    private void insertUnlinkedRow(String id, String email) throws Exception {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (id, username, email, email_verified, enabled) VALUES (?, ?, ?, TRUE, TRUE)")) {
            ps.setString(1, id);
            ps.setString(2, id);
            ps.setString(3, email);
            ps.executeUpdate();
        }
    }

    /** The labels of this test's component, plus {@code more}. */
    private static String[] component(String... more) {
        List<String> labels = new ArrayList<>(List.of("realm", REALM, "component", COMPONENT));
        labels.addAll(List.of(more));
        return labels.toArray(String[]::new);
    }

    /** How much the series of this test's component (or of the identity API and outbox) with {@code labels} moved. */
    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        String[] scoped = name.startsWith("identity_bridge_identity_")
                        || name.startsWith("identity_bridge_backfill_")
                        || name.startsWith("identity_bridge_outbox_")
                ? labels
                : component(labels);
        return after.sum(name, scoped) - before.sum(name, scoped);
    }
}
