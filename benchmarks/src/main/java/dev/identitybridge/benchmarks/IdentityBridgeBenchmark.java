package dev.identitybridge.benchmarks;

import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The benchmark: Identity Bridge against what a team would use instead, side by side in one run on one machine.
 * Keycloak 26.7.3 runs with the bundle in production mode ({@code start --optimized}) with its own database and the
 * app tables on PostgreSQL; the scenarios run interleaved at each concurrency level; the report is one Markdown file.
 * See the README's performance section.
 */
public final class IdentityBridgeBenchmark {

    static final String GROWTH_RESOLVE = "Scenario 5a: resolve by email, growth of the app table";
    static final String GROWTH_SEARCH = "Scenario 5b: admin user search (first page), growth of the app table";
    static final String GROWTH_LIST =
            "Scenario 5c: admin user list without a term (first page), growth of the app table";
    static final String GROWTH_COUNT = "Scenario 5d: admin user count, growth of the app table";
    static final String LOGIN_ARGON2 =
            "Scenario 3a: password-grant login, Argon2id (m=19456 KiB, t=2, p=1) on both sides";
    static final String LOGIN_PBKDF2 =
            "Scenario 3b: password-grant login, PBKDF2-SHA512 (210,000 iterations) on both sides";
    static final String OUTBOX = "Scenario 4: password-grant login, outbox listener off vs on";
    static final String OUTBOX_ARGON2 =
            "Scenario 4b: password-grant login, outbox listener off vs on, Keycloak's default hashing (Argon2id)";
    static final String TIMING =
            "Scenario 7: time of a refused login, unknown username / no hash / unsupported format vs wrong password";
    static final String WRONG_PASSWORD = "wrong password, app user with an Argon2id hash";
    static final String IDENTITY =
            "Scenarios 1 and 2: resolving an app user id, Identity Bridge vs Keycloak's admin API";
    static final String METRICS =
            "Scenario 8: password-grant login of federated users, Identity Bridge's meters off vs on";
    static final String METRICS_OURS_OFF =
            "Keycloak's metrics on, Identity Bridge's off (--spi-…--metrics-enabled=false)";
    static final String METRICS_ON = "Keycloak's metrics on, Identity Bridge's on";
    static final String METRICS_OFF = "all metrics off (--metrics-enabled=false)";
    /**
     * The options that turn Identity Bridge's meters off, one per provider: build options, as Keycloak takes every SPI
     * option whose name ends in {@code enabled} (and its own {@code --metrics-enabled}).
     */
    private static final List<String> OUR_METERS_OFF = List.of(
            "--spi-storage--external-users--metrics-enabled=false",
            "--spi-realm-restapi-extension--identity--metrics-enabled=false",
            "--spi-events-listener--outbox--metrics-enabled=false");

    static final String ADMIN_LOCAL = "admin API by email, Keycloak-local users";
    static final String ADMIN_FEDERATED = "admin API by email, federated realm";
    static final String RESOLVE_EMAIL = "resolve by email";
    static final String RESOLVE_AUTH_ID = "resolve by authId";
    static final String BOOTSTRAP_EXISTING = "bootstrap, existing app user (200)";
    static final String BOOTSTRAP_NEW = "bootstrap, new app user (201)";
    static final String LOCAL_LOGIN = "Keycloak-local users";
    static final String FEDERATED_LOGIN = "federated users (app table)";
    static final String OUTBOX_OFF = "outbox off";
    static final String OUTBOX_ON = "outbox on";
    static final String EVENT_STORE = "Keycloak's event store on (no outbox)";
    static final String PLAIN = "Keycloak without the bundle";
    static final String BUNDLE = "Keycloak with the bundle";

    private static final int LOGIN_USERS = 32;
    private static final String TIMING_REALM = "timing";
    private static final String WRONG = "Wrong-Passw0rd!";
    private static final String KEYCLOAK_DATABASE = "idb_kc_bench";
    /** Keycloak's databases of the two servers of scenario 8 built with metrics on: ours on, ours off. */
    private static final String METRICS_DATABASE = "idb_kc_bench_metrics";

    private static final String METRICS_OURS_OFF_DATABASE = "idb_kc_bench_metrics_ours_off";

    private static final String METRICS_REALM = "metrics-bench";
    /** Federated logins each server of scenario 8 serves before anything is measured (smoke mode: 50). */
    private static final int METRICS_WARMUP_LOGINS = 1_000;

    private static final int METRICS_WARMUP_LOGINS_SMOKE = 50;
    /** Federates the small table too; holds the Keycloak users that bootstrap provisions into it. */
    private static final String BOOTSTRAP_REALM = "demo-bootstrap";
    /** Key of the new users reserved for the JIT warm-up (concurrency levels are the other keys). */
    private static final int JIT_WARMUP = 0;
    /** Keycloak 26 hashes with Argon2 by default; these name the algorithm so that each realm says what it compares. */
    private static final String CHEAP_HASHING = "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)";

    /** Keycloak 26's default algorithm, with the server's argon2 options (m=19456 KiB, t=2, p=1). */
    private static final String ARGON2_HASHING = "hashAlgorithm(argon2)";

    private static final String KEYCLOAK_PBKDF2 = "hashAlgorithm(pbkdf2-sha512) and hashIterations(210000)";

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(settings.timeLimit().toMillis());
                System.err.println("Benchmark exceeded its time limit of " + settings.timeLimit() + "; stopping.");
                System.exit(3);
            } catch (InterruptedException done) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        long started = System.nanoTime();
        new IdentityBridgeBenchmark(settings).run();
        System.out.printf(Locale.ROOT, "Benchmark finished in %.1f min%n", (System.nanoTime() - started) / 60e9);
        System.exit(0);
    }

    private final BenchSettings settings;
    private final KeycloakDatabases databases = new KeycloakDatabases();
    private final Map<String, List<VariantResult>> results = new LinkedHashMap<>();
    private final MarkdownReport report = new MarkdownReport();
    private final MembershipScenario memberships = new MembershipScenario(LOGIN_USERS);
    /** Median start-up wall time with the bundle minus without, once measured. */
    private double startupCost = Double.NaN;

    private IdentityBridgeBenchmark(BenchSettings settings) {
        this.settings = settings;
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        Path work = settings.workDir();
        Path bundleHome = KeycloakServer.distribution("bench-bundle", true);
        Path plainHome = KeycloakServer.distribution("bench-plain", false);
        List<String> buildOptions = List.of("--db=postgres", "--cache=local");
        KeycloakServer.build(bundleHome, work.resolve("build-bundle"), buildOptions);
        KeycloakServer.build(plainHome, work.resolve("build-plain"), buildOptions);
        // scenario 8: metrics-enabled is a build option; the main server runs without, two copies with (one with
        // Identity Bridge's meters, one without)
        Path metricsHome = null;
        Path oursOffHome = null;
        if (settings.runs("8")) {
            List<String> metricsBuild = new ArrayList<>(buildOptions);
            metricsBuild.add("--metrics-enabled=true");
            metricsHome = KeycloakServer.distribution("bench-metrics", true);
            KeycloakServer.build(metricsHome, work.resolve("build-metrics"), metricsBuild);
            oursOffHome = KeycloakServer.distribution("bench-metrics-ours-off", true);
            List<String> oursOffBuild = new ArrayList<>(metricsBuild);
            oursOffBuild.addAll(OUR_METERS_OFF);
            KeycloakServer.build(oursOffHome, work.resolve("build-metrics-ours-off"), oursOffBuild);
        }

        AppUserTable small = new AppUserTable("idb_bench_small", settings.smallUsers());
        AppUserTable large = new AppUserTable("idb_bench_large", settings.largeUsers());
        double smallLoad = small.load();
        small.addRefusedUsers(LOGIN_USERS);
        small.addCheapHashUsers(LOGIN_USERS);
        memberships.prepare(small);
        double largeLoad = large.load();
        System.out.printf(
                Locale.ROOT,
                "Loaded %,d app users in %.1f s and %,d in %.1f s%n",
                small.size(),
                smallLoad,
                large.size(),
                largeLoad);

        List<String> options = new ArrayList<>(databases.recreate(KEYCLOAK_DATABASE));
        options.addAll(List.of(
                "--db-pool-max-size=48",
                "--spi-password-hashing--argon2--memory=19456",
                "--spi-password-hashing--argon2--iterations=2",
                "--spi-password-hashing--argon2--parallelism=1"));
        try (KeycloakServer server = KeycloakServer.startOptimized(bundleHome, work.resolve("load"), options);
                KeycloakServer withMetrics = metricsHome == null
                        ? null
                        : startWithMetrics(metricsHome, METRICS_DATABASE, "load-metrics", options);
                KeycloakServer oursOff = oursOffHome == null
                        ? null
                        : startWithMetrics(oursOffHome, METRICS_OURS_OFF_DATABASE, "load-metrics-ours-off", options)) {
            double setup = measureLoad(server, withMetrics, oursOff, small, large);
            report.paragraph(String.format(
                    Locale.ROOT,
                    "Set-up: app tables loaded in %.1f s (%,d users) and %.1f s (%,d users); "
                            + "realms, local users and tokens in %.1f s.",
                    smallLoad,
                    small.size(),
                    largeLoad,
                    large.size(),
                    setup));
        }
        if (settings.runs("6")) {
            measureStartup(plainHome, bundleHome);
        }
        writeReport(small, large, (System.nanoTime() - start) / 60e9);
    }

    /** The realms of scenario 4 (or 4b: suffix {@code -argon2}), each with the same 32 Keycloak-local users. */
    private static void createOutboxRealms(BenchRealms realms, String suffix, String passwordPolicy) {
        List<String> logging = List.of("jboss-logging");
        realms.createRealm("outbox-off" + suffix, passwordPolicy, logging);
        realms.createRealm("outbox-on" + suffix, passwordPolicy, List.of("jboss-logging", "outbox"));
        realms.createRealm("event-store" + suffix, passwordPolicy, logging, true);
        for (String realm : List.of("outbox-off", "outbox-on", "event-store")) {
            realms.importLocalUsers(realm + suffix, "user", 0, LOGIN_USERS, false, LOGIN_USERS);
        }
    }

    /** Scenario 4's logins (or 4b's: realm suffix {@code -argon2}): outbox off, outbox on, Keycloak's event store. */
    private static List<Variant> outboxVariants(Operations ops, String realmSuffix, List<String> users) {
        return List.of(
                new Variant(OUTBOX_OFF, ops.passwordLogin("outbox-off" + realmSuffix, users)),
                new Variant(OUTBOX_ON, ops.passwordLogin("outbox-on" + realmSuffix, users)),
                new Variant(EVENT_STORE, ops.passwordLogin("event-store" + realmSuffix, users)));
    }

    /** Scenario 8's federated logins on one of its servers. */
    private static Variant metricsVariant(String name, BenchClient client, KeycloakServer server) {
        return new Variant(
                name,
                new Operations(client, server.baseUrl())
                        .passwordLogin(METRICS_REALM, names(AppUserTable.CHEAP_HASH_PREFIX)));
    }

    /**
     * A server of scenario 8: the given options, its own Keycloak database (a pool of at most 24 connections), the
     * distribution built with {@code --metrics-enabled=true}.
     */
    private KeycloakServer startWithMetrics(Path home, String database, String workDir, List<String> mainOptions)
            throws Exception {
        List<String> options = new ArrayList<>(databases.recreate(database));
        options.addAll(mainOptions.stream().filter(o -> !o.startsWith("--db")).toList());
        // two of these next to the main server (48): PostgreSQL's default max_connections is 100
        options.add("--db-pool-max-size=24");
        return KeycloakServer.startOptimized(home, settings.workDir().resolve(workDir), options);
    }

    /**
     * Sets up realms and tokens, then runs scenarios 8, 5, 3, 4, 7, 9, 1–2 (bootstrap of new users last); returns set-up
     * seconds.
     *
     * @param withMetrics scenario 8's server built with metrics on, or null when scenario 8 does not run
     * @param oursOff     scenario 8's server built with metrics on and Identity Bridge's meters off, or null
     */
    private double measureLoad(
            KeycloakServer server,
            KeycloakServer withMetrics,
            KeycloakServer oursOff,
            AppUserTable small,
            AppUserTable large)
            throws Exception {
        long setupStart = System.nanoTime();
        BenchRealms realms = new BenchRealms(new KeycloakAdmin(server));
        BenchClient client = new BenchClient();
        Operations ops = new Operations(client, server.baseUrl());
        List<String> logging = List.of("jboss-logging");

        realms.createRealm("demo", CHEAP_HASHING, logging);
        String smallComponent = realms.federate("demo", small);
        List<KeycloakServer> metricsServers = withMetrics == null ? List.of() : List.of(server, withMetrics, oursOff);
        if (withMetrics != null) {
            // a realm of its own on every server: its logins must not warm the user cache of `demo` (scenario 5c)
            for (KeycloakServer metricsServer : metricsServers) {
                BenchRealms metricsRealms = new BenchRealms(new KeycloakAdmin(metricsServer));
                metricsRealms.createRealm(METRICS_REALM, CHEAP_HASHING, logging);
                metricsRealms.federate(METRICS_REALM, small);
            }
        }
        // no password policy: Keycloak's dummy hash for unknown users uses its default (argon2), set below to the
        // provider's default costs
        realms.createRealm(TIMING_REALM, null, logging);
        realms.federate(TIMING_REALM, small);
        realms.createRealm("demo-large", null, logging);
        realms.federate("demo-large", large);
        KeycloakLocalUsers localUsersTable =
                new KeycloakLocalUsers(databases.jdbcUrl(KEYCLOAK_DATABASE), databases.user());
        realms.createRealm("local", KEYCLOAK_PBKDF2, logging);
        realms.allowUnmanagedAttributes("local");
        localUsersTable.insert("local", "user", 0, small.size(), true);
        for (int i = 0; i < LOGIN_USERS; i++) {
            realms.setPassword("local", AppUserTable.username(i));
        }
        realms.createRealm("local-argon2", "hashAlgorithm(argon2)", logging);
        realms.importLocalUsers("local-argon2", "user", 0, LOGIN_USERS, false, LOGIN_USERS);
        createOutboxRealms(realms, "", CHEAP_HASHING);
        if (settings.runs("4b")) {
            createOutboxRealms(realms, "-argon2", ARGON2_HASHING);
        }
        List<String> gatewayRealms = new ArrayList<>(List.of("demo", "demo-large", "local"));
        if (settings.runs(MembershipScenario.ID)) {
            memberships.createRealms(realms, small, CHEAP_HASHING);
            gatewayRealms.addAll(MembershipScenario.realms());
        }
        // Keycloak users who are not app users yet, for bootstrap's 201 path, in a realm of their own over the same
        // app table (thousands of local users in `demo` would slow its admin searches, which also search local
        // users, and make scenario 5 compare unequal realms): the first through the admin API, the others in bulk
        // with a copy of its password credential
        List<Integer> pools = new ArrayList<>(settings.concurrencyLevels());
        pools.add(JIT_WARMUP);
        int newUsers = 1 + settings.newUsersPerLevel() * pools.size();
        realms.createRealm(BOOTSTRAP_REALM, CHEAP_HASHING, logging);
        realms.federate(BOOTSTRAP_REALM, small);
        realms.importLocalUsers(BOOTSTRAP_REALM, "new", 0, 1, false, 1);
        localUsersTable.insert(BOOTSTRAP_REALM, "new", 1, newUsers, false);
        localUsersTable.copyPassword(BOOTSTRAP_REALM, "new", "new0000000");

        System.out.printf(
                Locale.ROOT,
                "Realms and Keycloak users ready after %.1f s; getting tokens%n",
                (System.nanoTime() - setupStart) / 1e9);
        Map<String, String> gatewayTokens = new LinkedHashMap<>();
        for (String realm : gatewayRealms) {
            gatewayTokens.put(
                    realm,
                    client.token(
                            server.realmUrl(realm),
                            Map.of(
                                    "grant_type",
                                    "client_credentials",
                                    "client_id",
                                    BenchRealms.GATEWAY,
                                    "client_secret",
                                    BenchRealms.GATEWAY_SECRET)));
        }
        // federated users who log in come from the middle of the table, not from the admin list's first page: a
        // login puts the user into Keycloak's user cache, and the list (scenario 5c) must find the same (cold)
        // cache state in both realms
        int middle = small.size() / 2;
        List<String> federatedArgon2 = IntStream.range(0, LOGIN_USERS)
                .map(i -> middle + 2 * i)
                .mapToObj(AppUserTable::username)
                .toList();
        List<String> federatedPbkdf2 = IntStream.range(0, LOGIN_USERS)
                .map(i -> middle + 2 * i + 1)
                .mapToObj(AppUserTable::username)
                .toList();
        List<String> localUsers =
                IntStream.range(0, LOGIN_USERS).mapToObj(AppUserTable::username).toList();
        List<String> existingTokens = userTokens(client, server.realmUrl("demo"), federatedArgon2);
        Map<Integer, Queue<String>> newTokens = new LinkedHashMap<>();
        int next = 1;
        for (int level : pools) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < settings.newUsersPerLevel(); i++) {
                names.add(String.format("new%07d", next++));
            }
            newTokens.put(
                    level, new ConcurrentLinkedQueue<>(userTokens(client, server.realmUrl(BOOTSTRAP_REALM), names)));
        }
        // scenario 8 compares three servers: the same federated logins on each first, so that none is measured
        // colder than the others (the main server has served the set-up's logins, the other two nothing yet)
        int warmUpLogins = settings.smoke() ? METRICS_WARMUP_LOGINS_SMOKE : METRICS_WARMUP_LOGINS;
        List<String> warmUp = IntStream.range(0, warmUpLogins)
                .mapToObj(i -> AppUserTable.name(AppUserTable.CHEAP_HASH_PREFIX, i % LOGIN_USERS))
                .toList();
        for (KeycloakServer metricsServer : metricsServers) {
            userTokens(client, metricsServer.realmUrl(METRICS_REALM), warmUp);
        }
        if (settings.runs(MembershipScenario.ID)) {
            memberships.checkToken(client, server);
        }
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        System.out.printf(Locale.ROOT, "Realms, users and tokens ready in %.1f s%n", setupSeconds);

        String smallName = String.format(Locale.ROOT, "%,d app users", small.size());
        String largeName = String.format(Locale.ROOT, "%,d app users", large.size());
        String gw = gatewayTokens.get("demo");
        String gwLarge = gatewayTokens.get("demo-large");
        String growth =
                "Realm `demo` federates the small table, `demo-large` the large one; same provider settings, same service "
                        + "account rights; baseline: the small table.";
        List<Comparison> comparisons = new ArrayList<>(List.of(
                Comparison.of(
                        "8",
                        METRICS,
                        "The cost of Identity Bridge's meters on a login, and for context Keycloak's own: realm `"
                                + METRICS_REALM + "` (federating the small table, as `demo` does), "
                                + "32 federated users whose app hashes are PBKDF2-SHA256 of 1,000 iterations (so that hashing does not "
                                + "hide the rest of a login), round robin, on three servers with the same options and their own "
                                + "Keycloak databases: two built with `--metrics-enabled=true` (meters recorded into Keycloak's "
                                + "Prometheus registry), one of them started with Identity Bridge's three `metrics-enabled=false` "
                                + "server options (the baseline: Keycloak's meters only); and the main server, built with "
                                + "`--metrics-enabled=false` (Micrometer's global registry has no registry, every meter is a no-op). "
                                + "Only one server is under load at a time (interleaved rounds). Each serves the same "
                                + warmUpLogins
                                + " logins of these users before the first comparison, and this one runs "
                                + "first, so that none is measured colder. Nobody scrapes during the run.",
                        withMetrics == null
                                ? List.of()
                                : List.of(
                                        metricsVariant(METRICS_OURS_OFF, client, oursOff),
                                        metricsVariant(METRICS_ON, client, withMetrics),
                                        metricsVariant(METRICS_OFF, client, server))),
                Comparison.of(
                        "5a",
                        GROWTH_RESOLVE,
                        growth,
                        List.of(
                                new Variant(smallName, ops.resolveByEmail("demo", small.size(), gw)),
                                new Variant(largeName, ops.resolveByEmail("demo-large", large.size(), gwLarge)))),
                Comparison.of(
                        "5b",
                        GROWTH_SEARCH,
                        growth + " `GET /admin/realms/{realm}/users?search=<prefix>&first=0&max=20"
                                + "&briefRepresentation=true` with a username prefix matching 10 users.",
                        List.of(
                                new Variant(smallName, ops.adminSearchFirstPage("demo", small.size(), gw)),
                                new Variant(largeName, ops.adminSearchFirstPage("demo-large", large.size(), gwLarge)))),
                Comparison.of(
                        "5c",
                        GROWTH_LIST,
                        growth + " `GET /admin/realms/{realm}/users?first=0&max=20&briefRepresentation=true`.",
                        List.of(
                                new Variant(smallName, ops.adminListFirstPage("demo", gw)),
                                new Variant(largeName, ops.adminListFirstPage("demo-large", gwLarge)))),
                Comparison.of(
                        "5d",
                        GROWTH_COUNT,
                        growth + " `GET /admin/realms/{realm}/users/count`.",
                        List.of(
                                new Variant(smallName, ops.adminCount("demo", small.size(), gw)),
                                new Variant(largeName, ops.adminCount("demo-large", large.size(), gwLarge)))),
                Comparison.of(
                        "3a",
                        LOGIN_ARGON2,
                        "Keycloak-local users: realm `local-argon2`, password policy `hashAlgorithm(argon2)`, "
                                + "Keycloak's argon2 provider set to the same parameters as the app hashes. Federated users: realm `demo`, "
                                + "app rows with Argon2id hashes written with the provider's defaults. 32 users per side, round robin.",
                        List.of(
                                new Variant(LOCAL_LOGIN, ops.passwordLogin("local-argon2", localUsers)),
                                new Variant(FEDERATED_LOGIN, ops.passwordLogin("demo", federatedArgon2)))),
                Comparison.of(
                        "3b",
                        LOGIN_PBKDF2,
                        "Keycloak-local users: realm `local`, password policy `" + KEYCLOAK_PBKDF2 + "` (Keycloak's "
                                + "own PBKDF2-SHA512 default count). Federated users: realm `demo`, app rows with passlib-format "
                                + "PBKDF2-SHA512 hashes of 210,000 iterations. 32 users per side, round robin.",
                        List.of(
                                new Variant(LOCAL_LOGIN, ops.passwordLogin("local", localUsers)),
                                new Variant(FEDERATED_LOGIN, ops.passwordLogin("demo", federatedPbkdf2)))),
                Comparison.of(
                        "4",
                        OUTBOX,
                        "Realms `outbox-off` (listener `jboss-logging`) and `outbox-on` (`jboss-logging`, `outbox` "
                                + "with its defaults: retention keep), Keycloak-local users with password policy `"
                                + CHEAP_HASHING + "` so "
                                + "that hashing does not hide the listener's share of a login; every login on `outbox-on` inserts one "
                                + "outbox row in the login's transaction. For comparison, realm `event-store` records logins with "
                                + "Keycloak's own event store instead (`eventsEnabled`: one `EVENT_ENTITY` row per login).",
                        outboxVariants(ops, "", localUsers)),
                Comparison.of(
                        "4b",
                        OUTBOX_ARGON2,
                        "As scenario 4, with the password policy `" + ARGON2_HASHING
                                + "` (Keycloak 26's default algorithm; "
                                + "the server's argon2 options m=19456 KiB, t=2, p=1) in realms `outbox-off-argon2`, "
                                + "`outbox-on-argon2` and `event-store-argon2`: the outbox's share of a login as Keycloak hashes "
                                + "by default.",
                        outboxVariants(ops, "-argon2", localUsers)),
                Comparison.of(
                        "7",
                        TIMING,
                        "Password grants that must fail (400 `invalid_grant`), 32 users per variant, round robin, all with the "
                                + "password `" + WRONG + "`. Realm `" + TIMING_REALM
                                + "`: no password policy, so Keycloak's dummy hash "
                                + "for an unknown username is its default Argon2 provider, which this server runs with the provider's "
                                + "default costs (m=19456 KiB, t=2, p=1); the component writes Argon2id with the same costs, and its "
                                + "dummy verification (users without a hash or with an unsupported format) uses them. Baseline: a wrong "
                                + "password for app users with such a hash. Last row: unknown usernames in realm `demo`, whose policy is `"
                                + CHEAP_HASHING
                                + "`, i.e. what happens when the realm's hash policy is not aligned with the provider.",
                        List.of(
                                new Variant(WRONG_PASSWORD, ops.refusedLogin(TIMING_REALM, federatedArgon2, WRONG)),
                                new Variant("unknown username", ops.refusedLogin(TIMING_REALM, names("nobody"), WRONG)),
                                new Variant(
                                        "app user without a hash",
                                        ops.refusedLogin(TIMING_REALM, names(AppUserTable.NO_HASH_PREFIX), WRONG)),
                                new Variant(
                                        "app user with an unsupported hash format",
                                        ops.refusedLogin(TIMING_REALM, names(AppUserTable.BAD_FORMAT_PREFIX), WRONG)),
                                new Variant(
                                        "unknown username, realm policy not aligned (demo)",
                                        ops.refusedLogin("demo", names("nobody"), WRONG)))),
                new Comparison(
                        "1-2",
                        IDENTITY,
                        "Baseline: what a service does without Identity Bridge, Keycloak's admin API "
                                + "`GET /admin/realms/local/users?exact=true&email=…` over "
                                + smallName.replace("app", "Keycloak-local")
                                + " that carry an `app_user_id` attribute, reading the attribute; the same call on the federated realm "
                                + "`demo`; then the identity resource on `demo` (" + smallName
                                + "): `resolve` by email and by authId "
                                + "(the Keycloak subject), `bootstrap` with the user's own token for users already in the app table "
                                + "(200) and, on realm `" + BOOTSTRAP_REALM
                                + "` over the same table, for Keycloak users not yet in it "
                                + "(201: one INSERT each; every such user is used once, so these rows stop when the prepared users run "
                                + "out). One service account with the rights for both. "
                                + "Random users, every answer checked.",
                        level -> List.of(
                                new Variant(
                                        ADMIN_LOCAL,
                                        ops.adminApiByEmail("local", small.size(), gatewayTokens.get("local"))),
                                new Variant(ADMIN_FEDERATED, ops.adminApiByEmail("demo", small.size(), gw)),
                                new Variant(RESOLVE_EMAIL, ops.resolveByEmail("demo", small.size(), gw)),
                                new Variant(
                                        RESOLVE_AUTH_ID, ops.resolveByAuthId("demo", smallComponent, small.size(), gw)),
                                new Variant(BOOTSTRAP_EXISTING, ops.bootstrapExisting("demo", existingTokens)),
                                new Variant(BOOTSTRAP_NEW, ops.bootstrapNew(BOOTSTRAP_REALM, newTokens.get(level)))))));
        if (settings.runs(MembershipScenario.ID)) {
            // before 1-2, whose bootstrap of new users stays last
            comparisons.addAll(comparisons.size() - 1, memberships.comparisons(ops, gatewayTokens));
        }
        List<Comparison> selected =
                comparisons.stream().filter(c -> settings.runs(c.id())).toList();
        if (!settings.jitWarmup().isZero()) {
            // Keycloak's JIT compiles its hot paths over the first minute of load: give every variant some load at
            // concurrency 8 first (unmeasured), so that the first comparison is not measured on a colder server
            System.out.println(
                    "JIT warm-up: every variant for " + settings.jitWarmup().toMillis() + " ms at concurrency 8");
            LoadRunner jit = new LoadRunner(0, Duration.ZERO, settings.jitWarmup());
            for (Comparison comparison : selected) {
                jit.run(comparison.variantsAt().apply(JIT_WARMUP), 8);
            }
        }
        LoadRunner runner = new LoadRunner(settings.rounds(), settings.round(), settings.warmup());
        for (Comparison comparison : selected) {
            List<VariantResult> measured = new ArrayList<>();
            for (int level : settings.concurrencyLevels()) {
                System.out.printf("%s, concurrency %d...%n", comparison.title(), level);
                List<VariantResult> atLevel = runner.run(comparison.variantsAt().apply(level), level);
                atLevel.forEach(r -> System.out.printf(
                        Locale.ROOT,
                        "  %-45s %8.1f req/s  p50 %7.1f ms  p99 %7.1f ms  errors %d%s%n",
                        r.variant(),
                        r.throughputPerSecond(),
                        r.latencyMillis(50),
                        r.latencyMillis(99),
                        r.failures(),
                        r.firstFailure() == null ? "" : " (" + r.firstFailure() + ")"));
                measured.addAll(atLevel);
            }
            results.put(comparison.title(), measured);
            report.comparison(comparison, measured);
        }
        return setupSeconds;
    }

    /** {@value #LOGIN_USERS} user names with this prefix. */
    private static List<String> names(String prefix) {
        return IntStream.range(0, LOGIN_USERS)
                .mapToObj(i -> AppUserTable.name(prefix, i))
                .toList();
    }

    /** Password grants for {@code usernames} (4 at a time); their access tokens in the same order. */
    private static List<String> userTokens(BenchClient client, String realmUrl, List<String> usernames)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (String username : usernames) {
                tokens.add(pool.submit(() -> client.passwordToken(realmUrl, username, AppUserTable.PASSWORD)));
            }
            List<String> result = new ArrayList<>();
            for (Future<String> token : tokens) {
                result.add(token.get());
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private void measureStartup(Path plainHome, Path bundleHome) throws Exception {
        List<StartupBenchmark.Distribution> distributions = List.of(
                new StartupBenchmark.Distribution(PLAIN, plainHome, databases.recreate("idb_kc_start_plain")),
                new StartupBenchmark.Distribution(BUNDLE, bundleHome, databases.recreate("idb_kc_start_bundle")));
        List<StartupBenchmark.Result> startups =
                new StartupBenchmark(settings.startupRepetitions(), settings.workDir()).run(distributions);
        StartupBenchmark.Result plain = startups.get(0);
        StartupBenchmark.Result bundle = startups.get(1);
        report.heading("Scenario 6: Keycloak start-up, without vs with the bundle")
                .paragraph(String.format(
                        Locale.ROOT,
                        "Two copies of the distribution, each built once (`kc.sh build --db=postgres --cache=local`) and given an empty "
                                + "PostgreSQL database, started once unmeasured (schema creation), then %d starts each, alternating: wall "
                                + "time from launching `kc.sh start --optimized` to the first 200 of `/realms/master` (polled every 100 ms), "
                                + "and the time Quarkus reports.",
                        settings.startupRepetitions()));
        List<List<String>> rows = new ArrayList<>();
        for (StartupBenchmark.Result r : startups) {
            rows.add(List.of(
                    r.variant(),
                    seconds(r.wallSeconds()),
                    String.format(Locale.ROOT, "%.2f", r.medianWall()),
                    seconds(r.quarkusSeconds()),
                    String.format(Locale.ROOT, "%.2f", r.medianQuarkus()),
                    r == plain ? "baseline" : MarkdownReport.ratio(r.medianWall(), plain.medianWall())));
        }
        report.table(
                List.of(
                        "variant",
                        "wall s (each start)",
                        "wall s median",
                        "Quarkus s (each)",
                        "Quarkus s median",
                        "wall median ÷ baseline"),
                rows);
        startupCost = bundle.medianWall() - plain.medianWall();
    }

    private static String seconds(double[] values) {
        List<String> each = new ArrayList<>();
        for (double v : values) {
            each.add(String.format(Locale.ROOT, "%.2f", v));
        }
        return String.join(", ", each);
    }

    private void writeReport(AppUserTable small, AppUserTable large, double minutes) throws Exception {
        int c = settings.targetConcurrency();
        String smallName = String.format(Locale.ROOT, "%,d app users", small.size());
        String largeName = String.format(Locale.ROOT, "%,d app users", large.size());
        Targets targets = new Targets(results, c)
                .throughputRatio(
                        "`resolve` ≥ 2× the admin API's throughput at concurrency 8",
                        IDENTITY,
                        RESOLVE_EMAIL,
                        ADMIN_LOCAL,
                        2.0)
                .p99("`resolve` p99 ≤ 20 ms at concurrency 8", IDENTITY, RESOLVE_EMAIL, 20)
                .p99("`bootstrap` creating a user: p99 ≤ 50 ms at concurrency 8", IDENTITY, BOOTSTRAP_NEW, 50)
                .throughputRatio(
                        "Federated login ≥ 0.9× local login, Argon2id", LOGIN_ARGON2, FEDERATED_LOGIN, LOCAL_LOGIN, 0.9)
                .throughputRatio(
                        "Federated login ≥ 0.9× local login, PBKDF2-SHA512",
                        LOGIN_PBKDF2,
                        FEDERATED_LOGIN,
                        LOCAL_LOGIN,
                        0.9)
                .throughputRatio(
                        "Outbox on/off login throughput ≥ 0.95, Keycloak's default hashing (Argon2id)",
                        OUTBOX_ARGON2,
                        OUTBOX_ON,
                        OUTBOX_OFF,
                        0.95)
                .throughputRatio(
                        "Outbox on/off login throughput ≥ 0.95, worst case (one PBKDF2 iteration)",
                        OUTBOX,
                        OUTBOX_ON,
                        OUTBOX_OFF,
                        0.95)
                .throughputRatioForContext(
                        "Outbox on ÷ Keycloak's own event store on, worst case (no target)",
                        OUTBOX,
                        OUTBOX_ON,
                        EVENT_STORE)
                .throughputRatio(
                        "Identity Bridge's meters on/off, federated login throughput ≥ 0.98",
                        METRICS,
                        METRICS_ON,
                        METRICS_OURS_OFF,
                        0.98)
                .throughputRatioForContext(
                        "Keycloak's own metrics on/off (no target)", METRICS, METRICS_OURS_OFF, METRICS_OFF)
                .throughputRatioForContext(
                        "Keycloak's own event store on/off login throughput (no target)",
                        OUTBOX,
                        EVENT_STORE,
                        OUTBOX_OFF)
                .latencyRatioWithin(
                        "Refused login, unknown username ÷ wrong password within 0.8–1.25",
                        TIMING,
                        "unknown username",
                        WRONG_PASSWORD,
                        0.8,
                        1.25)
                .latencyRatioWithin(
                        "Refused login, app user without a hash ÷ wrong password within 0.8–1.25",
                        TIMING,
                        "app user without a hash",
                        WRONG_PASSWORD,
                        0.8,
                        1.25)
                .latencyRatioWithin(
                        "Refused login, unsupported hash format ÷ wrong password within 0.8–1.25",
                        TIMING,
                        "app user with an unsupported hash format",
                        WRONG_PASSWORD,
                        0.8,
                        1.25)
                .latencyGrowth(
                        "`resolve` latency, large ÷ small table ≤ 1.5", GROWTH_RESOLVE, largeName, smallName, 1.5)
                .latencyGrowth(
                        "First-page search latency, large ÷ small table ≤ 1.5",
                        GROWTH_SEARCH,
                        largeName,
                        smallName,
                        1.5)
                .p50("Count under 500 ms at the large table", GROWTH_COUNT, largeName, 500);
        MembershipScenario.addTargets(targets);
        if (Double.isNaN(startupCost)) {
            targets.notRun("Start-up cost of the bundle ≤ 2 s", "scenario 6");
        } else {
            targets.row(
                    "Start-up cost of the bundle ≤ 2 s",
                    String.format(Locale.ROOT, "%+.2f s (median wall time)", startupCost),
                    startupCost <= 2.0);
        }
        StringBuilder md = new StringBuilder();
        md.append("# Identity Bridge benchmark (").append(settings.mode()).append(" run)\n\n");
        md.append(String.format(
                Locale.ROOT,
                "%s; Keycloak %s (`start --optimized`, its own database on PostgreSQL %s), app tables on "
                        + "the same PostgreSQL; %d cores, Java %s (load generator); concurrency levels %s; per variant and level: "
                        + "%d ms warm-up, then %d interleaved rounds of %d ms (closed loop: each worker sends its next request when "
                        + "the last one answered); the load generator shares the machine with Keycloak and PostgreSQL. Whole run: "
                        + "%.1f min.%n%n",
                LocalDate.now(),
                System.getProperty("keycloak.version", "26.7.3"),
                databases.serverVersion(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                settings.concurrencyLevels(),
                settings.warmup().toMillis(),
                settings.rounds(),
                settings.round().toMillis(),
                minutes));
        md.append("## Targets\n\n");
        MarkdownReport summary = new MarkdownReport().table(List.of("target", "measured", "result"), targets.rows());
        md.append(summary).append(report);
        Files.createDirectories(settings.report().toAbsolutePath().getParent());
        Files.writeString(settings.report(), md.toString());
        System.out.println(md);
        System.out.println("Written to " + settings.report().toAbsolutePath());
        if (settings.smoke()) {
            List<String> broken = new ArrayList<>();
            results.values()
                    .forEach(list -> list.forEach(r -> {
                        if (r.failures() > 0 || r.operations() == 0) {
                            broken.add(r.variant() + " at concurrency " + r.concurrency() + ": " + r.operations()
                                    + " ok, " + r.failures() + " failed"
                                    + (r.firstFailure() == null ? "" : " (" + r.firstFailure() + ")"));
                        }
                    }));
            if (!broken.isEmpty()) {
                throw new IllegalStateException("Smoke run failed:\n" + String.join("\n", broken));
            }
        }
    }
}
