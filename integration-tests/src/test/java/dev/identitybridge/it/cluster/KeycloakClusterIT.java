package dev.identitybridge.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
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
 * Identity Bridge on a two-node Keycloak 26.7 cluster ({@link Cluster}): one cluster start shared by every test, run
 * in order (the last one kills node B). The app database is the schema {@value #APP_SCHEMA} on PostgreSQL; each
 * test gives the component's JDBC URL an application name of its own, so that {@code pg_stat_activity} tells its
 * connections apart, and {@link NodeConnections} tells which node holds them.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakClusterIT {

    static final String APP_SCHEMA = "ib_cluster_app";
    static final String REALM = "cluster";
    static final Duration CLEANUP_INTERVAL = Duration.ofSeconds(2);
    private static final String LOGIN_SUCCEEDED = "identity.login.succeeded.v1";
    private static final Pattern CLEANUP_RAN = Pattern.compile("Outbox cleanup ran: deleted (\\d+) ");

    private final PostgresAppDatabase app = new PostgresAppDatabase(APP_SCHEMA);
    private final HttpClient http = Http.client();
    private final int postgresPort = URI.create(
                    System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test")
                            .substring("jdbc:".length()))
            .getPort();
    private Cluster cluster;
    private KeycloakAdmin adminA;
    private KeycloakAdmin adminB;
    private String componentId;
    private String realmId;

    @BeforeAll
    void startCluster() throws Exception {
        app.recreate();
        app.applyReferenceSchemaWithDemoUsers();
        Path workDir = Path.of(System.getProperty("it.work.dir", "target/it-work"), "cluster");
        cluster = Cluster.start(
                workDir,
                List.of(
                        "--spi-events-listener--outbox--cleanup-interval=" + CLEANUP_INTERVAL.toSeconds() + "s",
                        "--log-level=INFO,dev.identitybridge.keycloak.events.OutboxCleanupTask:DEBUG"));
        System.out.printf(
                "[cluster] kc.sh build %.1f s; node A started in %.1f s, node B in %.1f s; " + "hostname %s%n",
                seconds(cluster.buildTime),
                seconds(cluster.a.startTime()),
                seconds(cluster.b.startTime()),
                cluster.hostname);
        adminA = new KeycloakAdmin(cluster.a);
        adminB = new KeycloakAdmin(cluster.b);
        adminA.createRealm(REALM);
        realmId = adminA.realmId(REALM);
        HttpResponse<String> events = adminA.put(
                "/realms/" + REALM + "/events/config",
                Map.of(
                        "eventsListeners",
                        List.of("jboss-logging", "outbox"),
                        "eventsEnabled",
                        false,
                        "adminEventsEnabled",
                        false));
        assertThat(events.statusCode()).as(events.body()).isEqualTo(204);
        componentId = adminA.createComponent(REALM, "app users", componentConfig("ib-cluster-create"));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The component's configuration, its pool's connections named {@code applicationName} in pg_stat_activity. */
    private Map<String, String> componentConfig(String applicationName) {
        Map<String, String> config = new HashMap<>();
        config.put(
                "jdbcUrl",
                System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test") + "?currentSchema="
                        + APP_SCHEMA + "&ApplicationName=" + applicationName);
        config.put("dbUser", app.user());
        config.put("dbPassword", app.password());
        config.put("poolMinSize", "1");
        config.put("poolMaxSize", "4");
        config.put("cachePolicy", "DEFAULT"); // Keycloak's user cache on: an edit must invalidate it cluster-wide
        config.put("editMode", "WRITABLE");
        config.put("syncRegistrations", "false");
        return config;
    }

    @Test
    @Order(1)
    void theNodesFormOneClusterOfTwoMembers() throws Exception {
        for (KeycloakServer node : List.of(cluster.a, cluster.b)) {
            String view =
                    Cluster.awaitTwoMemberView(node, Duration.ofSeconds(60)).orElse(null);
            assertThat(view)
                    .as("a two-member cluster view in %s", node.logFile())
                    .isNotNull();
            System.out.printf("[cluster] %s%n", view.substring(view.indexOf("ISPN000094")));
        }
    }

    @Test
    @Order(2)
    void aComponentMadeOnALogsUsersInOnB() {
        HttpResponse<String> login = login(cluster.b, "alice");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        JsonNode claims =
                OidcClient.claims(Http.json(login.body()).get("access_token").asText());
        assertThat(claims.get("sub").asText()).startsWith("f:" + componentId + ":");
        assertThat(claims.get("iss").asText()).isEqualTo(cluster.hostname + "/realms/" + REALM);
        assertThat(Cluster.log(cluster.b))
                .anyMatch(l -> l.contains("External users component " + componentId + ": connection pool created"));
    }

    @Test
    @Order(3)
    void anAdminUpdateOnAIsReadOnBAndInTheAppTable() throws Exception {
        String path = "/realms/" + REALM + "/users/" + Http.encode(federatedId("bob"));
        assertThat(adminB.getJson(path).get("firstName").asText()).isEqualTo("Bob"); // now in B's user cache
        Map<String, Object> changed = Http.JSON.convertValue(adminA.getJson(path), Map.class);
        changed.put("firstName", "Robert");
        HttpResponse<String> update = adminA.put(path, changed);
        assertThat(update.statusCode()).as(update.body()).isEqualTo(204);

        long started = System.nanoTime();
        boolean seen = await(
                Duration.ofSeconds(10),
                () -> "Robert".equals(adminB.getJson(path).get("firstName").asText()));
        System.out.printf(
                "[cluster] admin update on A read on B after %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(seen).as("node B reads the first name set through node A").isTrue();
        assertThat(app.count("SELECT COUNT(*) FROM users WHERE username = 'bob' AND first_name = 'Robert'"))
                .isEqualTo(1);
    }

    @Test
    @Order(4)
    void fortyBootstrapsOfOneNewUserSplitAcrossTheNodesCreateOneRow() throws Exception {
        String username = "race-" + UUID.randomUUID().toString().substring(0, 8);
        String keycloakId = createLocalUser(username);
        HttpResponse<String> login = login(cluster.a, username);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String token = Http.json(login.body()).get("access_token").asText();
        int calls = 40;
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                KeycloakServer node = i % 2 == 0 ? cluster.a : cluster.b;
                futures.add(pool.submit(() -> {
                    start.await();
                    return bootstrap(node, token);
                }));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            for (Future<HttpResponse<String>> future : futures) {
                HttpResponse<String> response = future.get();
                statuses.merge(response.statusCode(), 1, Integer::sum);
                if (response.statusCode() / 100 == 2) {
                    ids.add(Http.json(response.body()).get("userId").asText());
                }
            }
            System.out.printf("[cluster] 40 bootstraps across A and B: %s%n", statuses);
            assertThat(statuses).isEqualTo(Map.of(201, 1, 200, calls - 1));
            assertThat(ids).hasSize(1);
            assertThat(app.count("SELECT COUNT(*) FROM users WHERE auth_id = ?", keycloakId))
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(5)
    void aLoginOnEachNodeWritesExactlyOneOutboxRow() throws Exception {
        Map<KeycloakServer, String> users = Map.of(cluster.a, "heidi", cluster.b, "alice");
        for (Map.Entry<KeycloakServer, String> e : users.entrySet()) {
            String authId = federatedId(e.getValue());
            int before = loginRows(authId).size();
            HttpResponse<String> login = login(e.getKey(), e.getValue());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            String sid = OidcClient.claims(
                            Http.json(login.body()).get("access_token").asText())
                    .get("sid")
                    .asText();
            List<String> sessions = loginRows(authId);
            assertThat(sessions).hasSize(before + 1);
            assertThat(sessions).containsOnlyOnce(sid);
        }
    }

    @Test
    @Order(6)
    void theRetentionCleanupRunsOncePerIntervalForTheWholeClusterAndDeletesEachExpiredRowOnce() throws Exception {
        int expired = 12;
        List<String> ids = new ArrayList<>();
        int runsBefore = cleanupRuns(cluster.a).size() + cleanupRuns(cluster.b).size();
        int deletedBefore = deleted(cluster.a) + deleted(cluster.b);
        long skippedBefore = skipped(cluster.a) + skipped(cluster.b);
        for (int i = 0; i < expired; i++) {
            ids.add(insertExpiredRow());
        }
        Duration window = CLEANUP_INTERVAL.multipliedBy(8);
        Thread.sleep(window.toMillis());
        int runs = cleanupRuns(cluster.a).size() + cleanupRuns(cluster.b).size() - runsBefore;
        int deleted = deleted(cluster.a) + deleted(cluster.b) - deletedBefore;
        long skipped = skipped(cluster.a) + skipped(cluster.b) - skippedBefore;
        System.out.printf(
                "[cluster] cleanup over %d s (interval %d s): %d runs in the cluster, %d skipped firings, "
                        + "%d rows deleted (%d expired)%n",
                window.toSeconds(), CLEANUP_INTERVAL.toSeconds(), runs, skipped, deleted, expired);
        assertThat(outboxRowsWithIds(ids)).as("expired rows left").isZero();
        assertThat(deleted).as("rows deleted by all runs of both nodes").isEqualTo(expired);
        // each node's timer fires once per interval: without the shared claim the cluster would run it about 16 times
        // (a node may run it again after 0.9 interval: timer jitter is forgiven)
        assertThat(runs).isBetween(3, (int) Math.ceil(window.toMillis() / (0.9 * CLEANUP_INTERVAL.toMillis())) + 1);
        assertThat(skipped)
                .as("firings that found the interval already claimed by the other node")
                .isPositive();
        assertThat(Cluster.log(cluster.a))
                .as("node A's log")
                .noneMatch(l -> l.contains("Failed to run scheduled task identity-outbox-cleanup"));
        assertThat(Cluster.log(cluster.b))
                .as("node B's log")
                .noneMatch(l -> l.contains("Failed to run scheduled task identity-outbox-cleanup"));
    }

    @Test
    @Order(7)
    void aConfigChangeOnARebuildsThePoolsOfBothNodes() throws Exception {
        String before = "ib-cluster-config-before";
        String after = "ib-cluster-config-after";
        update(before);
        loginOnBoth("alice");
        Map<String, Integer> openBefore = connectionsPerNode(before);
        assertThat(openBefore.values()).as("connections of %s per node", before).allMatch(n -> n >= 1);

        update(after);
        boolean rebuilt = await(
                Duration.ofSeconds(30),
                () -> connectionsPerNode(before).values().stream().allMatch(n -> n == 0)
                        && connectionsPerNode(after).values().stream().allMatch(n -> n >= 1));
        System.out.printf(
                "[cluster] config change on A: connections %s before, %s after; new pool %s%n",
                openBefore, connectionsPerNode(before), connectionsPerNode(after));
        assertThat(rebuilt)
                .as("both nodes closed the old pool and opened one with the new settings, without a request")
                .isTrue();
        loginOnBoth("bob");
    }

    @Test
    @Order(8)
    void removingTheComponentOnAClosesItsPoolOnBothNodes() throws Exception {
        String name = "ib-cluster-removal";
        update(name);
        loginOnBoth("alice");
        Map<String, Integer> open = connectionsPerNode(name);
        assertThat(open.values()).allMatch(n -> n >= 1);

        HttpResponse<String> removed = adminA.delete("/realms/" + REALM + "/components/" + componentId);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        long started = System.nanoTime();
        boolean closed = await(
                Duration.ofSeconds(20),
                () -> connectionsPerNode(name).values().stream().allMatch(n -> n == 0));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "[cluster] removal on A: connections per node %s before, %s after %d ms%n",
                open, connectionsPerNode(name), millis);
        assertThat(closed)
                .as("no connection of the removed component left on any node")
                .isTrue();
        assertThat(app.count("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", name))
                .isZero();

        componentId = adminA.createComponent(REALM, "app users", componentConfig("ib-cluster-kill"));
    }

    @Test
    @Order(9)
    void removingARealmOnAClosesItsPoolsOnBothNodes() throws Exception {
        String realm = "cluster-gone";
        String name = "ib-cluster-realm-removal";
        adminA.createRealm(realm);
        adminA.createComponent(realm, "app users", componentConfig(name));
        for (KeycloakServer node : List.of(cluster.a, cluster.b)) {
            HttpResponse<String> login = Http.send(http, tokenRequest(node, realm, "alice"));
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        }
        Map<String, Integer> open = connectionsPerNode(name);
        assertThat(open.values()).allMatch(n -> n >= 1);

        HttpResponse<String> removed = adminA.delete("/realms/" + realm);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        long started = System.nanoTime();
        boolean closed = await(
                Duration.ofSeconds(20),
                () -> connectionsPerNode(name).values().stream().allMatch(n -> n == 0));
        System.out.printf(
                "[cluster] realm removal on A: connections per node %s before, %s after %d ms%n",
                open, connectionsPerNode(name), (System.nanoTime() - started) / 1_000_000);
        assertThat(closed)
                .as("no connection of the removed realm's component left on any node")
                .isTrue();
    }

    @Test
    @Order(10)
    void killingNodeBUnderALoginLoopLeavesALoggingInWithoutLosingOrDuplicatingOutboxRows() throws Exception {
        List<String> users = List.of("alice", "bob", "heidi");
        for (String user : users) {
            loginOnBoth(user);
        }
        Set<String> before = new HashSet<>(allLoginSessions());
        List<Attempt> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        long[] killedAt = new long[1];
        ExecutorService loop = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            loop.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    KeycloakServer node = (i + thread) % 2 == 0 ? cluster.a : cluster.b;
                    long at = System.nanoTime();
                    Attempt attempt = attempt(node, users.get((i + thread) % users.size()), at);
                    attempts.add(attempt);
                    if (!attempt.succeeded()) {
                        pause(100); // a dead node refuses at once: no busy loop
                    }
                }
            });
        }
        // kill B once it has served a few logins of the loop
        assertThat(await(
                        Duration.ofSeconds(60),
                        () -> snapshot(attempts).stream()
                                        .filter(a -> a.node() == cluster.b && a.succeeded())
                                        .count()
                                >= 8))
                .as("B serves the login loop")
                .isTrue();
        killedAt[0] = System.nanoTime();
        cluster.b.kill();
        // keep going until A has served 20 logins in a row after the kill (or a minute has passed)
        await(Duration.ofSeconds(60), () -> consecutiveSuccessesOnAAfter(attempts, killedAt[0]) >= 20);
        stop.set(true);
        loop.shutdown();
        assertThat(loop.awaitTermination(Http.TIMEOUT.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();

        List<Attempt> done = snapshot(attempts);
        Set<String> succeeded = new HashSet<>();
        done.stream()
                .filter(Attempt::succeeded)
                .forEach(a -> assertThat(succeeded.add(a.sid()))
                        .as("session ids are unique")
                        .isTrue());
        List<String> rows =
                allLoginSessions().stream().filter(s -> !before.contains(s)).toList();
        Set<String> rowSessions = new HashSet<>(rows);
        long okA = done.stream()
                .filter(a -> a.node() == cluster.a && a.succeeded())
                .count();
        long okB = done.stream()
                .filter(a -> a.node() == cluster.b && a.succeeded())
                .count();
        long failedA = done.stream()
                .filter(a -> a.node() == cluster.a && !a.succeeded())
                .count();
        long failedB = done.stream()
                .filter(a -> a.node() == cluster.b && !a.succeeded())
                .count();
        long gapMillis = firstSuccessOnAAfter(done, killedAt[0]);
        System.out.printf(
                "[cluster] kill -9 of node B under a login loop: A %d ok / %d failed, B %d ok / %d failed (after the kill: "
                        + "refused); first login served by A %d ms after the kill; outbox: %d new login rows for %d successful "
                        + "logins, %d duplicate, %d missing%n",
                okA,
                failedA,
                okB,
                failedB,
                gapMillis,
                rows.size(),
                succeeded.size(),
                rows.size() - rowSessions.size(),
                succeeded.stream().filter(s -> !rowSessions.contains(s)).count());

        assertThat(okB).as("B served logins before the kill").isPositive();
        assertThat(consecutiveSuccessesOnAAfter(done, killedAt[0]))
                .as("A keeps serving after B's death")
                .isGreaterThanOrEqualTo(20);
        assertThat(rows).as("no session has two login rows").doesNotHaveDuplicates();
        assertThat(rowSessions).as("every successful login has its row").containsAll(succeeded);
        // a login B had committed when it died, without answering, may have a row the test never saw succeed: at most
        // one per thread
        assertThat(rowSessions.size() - succeeded.size()).isBetween(0, 4);
        assertThat(cluster.b.isAlive()).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    record Attempt(KeycloakServer node, long startedNanos, int status, String sid) {
        boolean succeeded() {
            return status == 200;
        }
    }

    private Attempt attempt(KeycloakServer node, String user, long at) {
        try {
            HttpResponse<String> response = http.send(tokenRequest(node, user), HttpResponse.BodyHandlers.ofString());
            String sid = response.statusCode() == 200
                    ? OidcClient.claims(Http.json(response.body())
                                    .get("access_token")
                                    .asText())
                            .get("sid")
                            .asText()
                    : null;
            return new Attempt(node, at, response.statusCode(), sid);
        } catch (Exception refused) {
            return new Attempt(node, at, -1, null);
        }
    }

    /** Logins served by A in a row at the end of the attempts started after the kill. */
    private long consecutiveSuccessesOnAAfter(List<Attempt> attempts, long killedAt) {
        List<Attempt> onA = snapshot(attempts).stream()
                .filter(a -> a.node() == cluster.a && a.startedNanos() > killedAt)
                .toList();
        long run = 0;
        for (int i = onA.size() - 1; i >= 0 && onA.get(i).succeeded(); i--) {
            run++;
        }
        return run;
    }

    private static List<Attempt> snapshot(List<Attempt> attempts) {
        synchronized (attempts) {
            return new ArrayList<>(attempts);
        }
    }

    private long firstSuccessOnAAfter(List<Attempt> attempts, long killedAt) {
        return attempts.stream()
                .filter(a -> a.node() == cluster.a && a.succeeded() && a.startedNanos() > killedAt)
                .mapToLong(a -> (a.startedNanos() - killedAt) / 1_000_000)
                .min()
                .orElse(-1);
    }

    private HttpRequest tokenRequest(KeycloakServer node, String username) {
        return tokenRequest(node, REALM, username);
    }

    private HttpRequest tokenRequest(KeycloakServer node, String realm, String username) {
        return HttpRequest.newBuilder(URI.create(node.realmUrl(realm) + "/protocol/openid-connect/token"))
                .timeout(Http.TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        OidcClient.DIRECT_GRANT_CLIENT,
                        "username",
                        username,
                        "password",
                        DemoUsers.PASSWORD,
                        "scope",
                        "openid"))))
                .build();
    }

    private HttpResponse<String> login(KeycloakServer node, String username) {
        return Http.send(http, tokenRequest(node, username));
    }

    private void loginOnBoth(String username) {
        for (KeycloakServer node : List.of(cluster.a, cluster.b)) {
            HttpResponse<String> login = login(node, username);
            assertThat(login.statusCode())
                    .as("login of %s on %s: %s", username, node.baseUrl(), login.body())
                    .isEqualTo(200);
        }
    }

    private HttpResponse<String> bootstrap(KeycloakServer node, String token) {
        return Http.send(
                http,
                HttpRequest.newBuilder(URI.create(node.realmUrl(REALM) + "/identity/bootstrap"))
                        .timeout(Http.TIMEOUT)
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    private void update(String applicationName) {
        HttpResponse<String> updated =
                adminA.updateComponent(REALM, componentId, "app users", componentConfig(applicationName));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(204);
    }

    private String federatedId(String username) {
        JsonNode found = adminA.getJson("/realms/" + REALM + "/users?exact=true&username=" + username);
        assertThat(found.size()).isEqualTo(1);
        return found.get(0).get("id").asText();
    }

    private String createLocalUser(String username) {
        HttpResponse<String> created = adminA.post(
                "/realms/" + REALM + "/users",
                Map.of(
                        "username",
                        username,
                        "enabled",
                        true,
                        "email",
                        username + "@local.example.net",
                        "emailVerified",
                        true,
                        "firstName",
                        "Race",
                        "lastName",
                        "User",
                        "credentials",
                        List.of(Map.of("type", "password", "value", DemoUsers.PASSWORD, "temporary", false))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** Open connections named {@code applicationName}, by node ({@code A}, {@code B}). */
    private Map<String, Integer> connectionsPerNode(String applicationName) {
        Set<Integer> clientPorts = new HashSet<>();
        try (Connection c = app.connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT client_port FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    clientPorts.add(rs.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Integer> perNode = new TreeMap<>();
        perNode.put("A", held(cluster.a, clientPorts));
        if (cluster.b.isAlive()) {
            perNode.put("B", held(cluster.b, clientPorts));
        }
        return perNode;
    }

    private int held(KeycloakServer node, Set<Integer> clientPorts) {
        Set<Integer> ports =
                new HashSet<>(NodeConnections.localPortsTo(node.jvm().pid(), postgresPort));
        ports.retainAll(clientPorts);
        return ports.size();
    }

    /** Session ids of the login rows of the realm, one entry per row. */
    private List<String> allLoginSessions() throws SQLException {
        return sessions(
                "SELECT payload FROM identity_outbox WHERE realm_id = ? AND type = ?", realmId, LOGIN_SUCCEEDED);
    }

    private List<String> loginRows(String authId) throws SQLException {
        return sessions(
                "SELECT payload FROM identity_outbox WHERE aggregateid = ? AND type = ?", authId, LOGIN_SUCCEEDED);
    }

    private List<String> sessions(String sql, String... parameters) throws SQLException {
        List<String> sessions = new ArrayList<>();
        try (Connection c = cluster.database.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sessions.add(Http.json(rs.getString(1)).path("sessionId").asText(null));
                }
            }
        }
        return sessions;
    }

    private String insertExpiredRow() throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection c = cluster.database.connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO identity_outbox (id, "
                        + "aggregatetype, aggregateid, type, payload, timestamp, realm_id, schema_version) "
                        + "VALUES (?, 'identity.user', ?, 'identity.logout.v1', '{}', ?, ?, 1)")) {
            ps.setString(1, id);
            ps.setString(2, realmId);
            ps.setTimestamp(3, Timestamp.from(Instant.now().minus(30, ChronoUnit.DAYS)));
            ps.setString(4, realmId);
            ps.executeUpdate();
        }
        return id;
    }

    private int outboxRowsWithIds(List<String> ids) throws SQLException {
        try (Connection c = cluster.database.connect();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM identity_outbox WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<String> cleanupRuns(KeycloakServer node) {
        return Cluster.log(node).stream()
                .filter(l -> CLEANUP_RAN.matcher(l).find())
                .toList();
    }

    private static long skipped(KeycloakServer node) {
        return Cluster.log(node).stream()
                .filter(l -> l.contains("Outbox cleanup skipped"))
                .count();
    }

    private static int deleted(KeycloakServer node) {
        return cleanupRuns(node).stream()
                .mapToInt(l -> {
                    Matcher m = CLEANUP_RAN.matcher(l);
                    return m.find() ? Integer.parseInt(m.group(1)) : 0;
                })
                .sum();
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
