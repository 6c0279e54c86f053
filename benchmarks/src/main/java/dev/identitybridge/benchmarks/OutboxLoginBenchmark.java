package dev.identitybridge.benchmarks;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Password-grant login throughput with the outbox listener on vs off, side by side on ONE Keycloak: realm
 * {@code bench-off} has Keycloak's default listener only, realm {@code bench-on} adds {@code outbox}; both have
 * the same users and client, and batches alternate between them (see {@link InterleavedRunner}). A second pair
 * ({@code cheap-hash-off}/{@code -on}) repeats it with one password-hash iteration, where the listener's share of
 * a login is not hidden behind the hashing.
 * Keycloak's own database: PostgreSQL database {@code idb_kc_bench} (default, {@code -Dbench.db=postgres}) or
 * the in-memory H2 of dev mode ({@code -Dbench.db=dev-mem}).
 */
public final class OutboxLoginBenchmark {

    private static final String PASSWORD = "Bench-Passw0rd!";
    private static final String CLIENT = "bench";
    private static final int USERS = 16;
    /** Keycloak's default password hashing (PBKDF2-SHA512, 210,000 iterations) dominates a login's cost. */
    private static final List<String> VARIANTS = List.of("bench-off", "bench-on");
    /** The same with one hash iteration, so that the listener's share of a login stands out. */
    private static final List<String> CHEAP_HASH_VARIANTS = List.of("cheap-hash-off", "cheap-hash-on");

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("bench.keycloak.home"));
        Path work = Path.of(System.getProperty("bench.work.dir", "target/bench/work"));
        String db = System.getProperty("bench.db", "postgres");
        int rounds = Integer.getInteger("bench.rounds", 12);
        int logins = Integer.getInteger("bench.logins", 100);
        int concurrency = Integer.getInteger("bench.concurrency", 8);

        List<String> options = new ArrayList<>(databaseOptions(db));
        try (KeycloakProcess keycloak = KeycloakProcess.start(home, work.resolve("keycloak.log"), options)) {
            for (String realm : VARIANTS) {
                createRealm(keycloak, realm, realm.endsWith("-on"), null);
            }
            for (String realm : CHEAP_HASH_VARIANTS) {
                createRealm(keycloak, realm, realm.endsWith("-on"), "hashIterations(1)");
            }
            AtomicInteger next = new AtomicInteger();
            Scenario login = variant -> {
                String user = "user" + Math.floorMod(next.getAndIncrement(), USERS);
                HttpResponse<String> tokens = keycloak.postForm(keycloak.realmUrl(variant) + "/protocol/openid-connect/token",
                        Map.of("grant_type", "password", "client_id", CLIENT, "username", user, "password", PASSWORD));
                if (tokens.statusCode() != 200) {
                    throw new IllegalStateException("login failed: HTTP " + tokens.statusCode());
                }
            };
            String setup = String.format("Keycloak 26.7.3 (`start-dev`), Keycloak database `%s`, %d users, %d interleaved rounds of %d "
                    + "password-grant logins per variant, concurrency %d, %d cores; `-on` realms add the `outbox` listener with its "
                    + "defaults (retention keep).", db, USERS, rounds, logins, concurrency, Runtime.getRuntime().availableProcessors());
            StringBuilder report = new StringBuilder();
            for (List<String> variants : List.of(VARIANTS, CHEAP_HASH_VARIANTS)) {
                System.out.println("Warm-up " + variants + "...");
                new InterleavedRunner(2, logins / 2, concurrency).run(login, variants);
                System.out.println("Measuring " + variants + "...");
                List<VariantResult> results = new InterleavedRunner(rounds, logins, concurrency).run(login, variants);
                report.append(MarkdownReport.table(variants == VARIANTS
                        ? "Login throughput, outbox off vs on (Keycloak's default password hashing)"
                        : "Login throughput, outbox off vs on (password policy hashIterations(1): the listener's share stands out)",
                        setup, results)).append('\n');
            }
            System.out.println(report);
            String path = System.getProperty("bench.report");
            if (path != null) {
                Files.writeString(Path.of(path), report.toString());
                System.out.println("Written to " + path);
            }
        }
    }

    private static List<String> databaseOptions(String db) throws Exception {
        if (db.equals("dev-mem")) {
            return List.of("--db=dev-mem");
        }
        String url = System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("it.postgres.user", "postgres");
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'idb_kc_bench' AND pid <> pg_backend_pid()");
            s.execute("DROP DATABASE IF EXISTS idb_kc_bench");
            s.execute("CREATE DATABASE idb_kc_bench");
            try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                rs.next();
                System.out.println("PostgreSQL " + rs.getString(1));
            }
        }
        String benchUrl = url.substring(0, url.lastIndexOf('/') + 1) + "idb_kc_bench";
        return List.of("--db=postgres", "--db-url=" + benchUrl, "--db-username=" + user);
    }

    private static void createRealm(KeycloakProcess keycloak, String realm, boolean outbox, String passwordPolicy) throws Exception {
        try {
            keycloak.admin("DELETE", "/realms/" + realm, null);
        } catch (IllegalStateException absent) {
            // first run
        }
        Map<String, Object> rep = new java.util.HashMap<>(Map.of("realm", realm, "enabled", true, "clients", List.of(Map.of("clientId", CLIENT,
                "publicClient", true, "directAccessGrantsEnabled", true, "standardFlowEnabled", false))));
        if (passwordPolicy != null) {
            rep.put("passwordPolicy", passwordPolicy);
        }
        keycloak.admin("POST", "/realms", rep);
        List<String> listeners = outbox ? List.of("jboss-logging", "outbox") : List.of("jboss-logging");
        keycloak.admin("PUT", "/realms/" + realm + "/events/config", Map.of("eventsListeners", listeners, "eventsEnabled", false));
        for (int i = 0; i < USERS; i++) {
            keycloak.admin("POST", "/realms/" + realm + "/users", Map.of("username", "user" + i, "email", "user" + i + "@example.org",
                    "emailVerified", true, "firstName", "Bench", "lastName", "User", "enabled", true,
                    "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        }
    }
}
