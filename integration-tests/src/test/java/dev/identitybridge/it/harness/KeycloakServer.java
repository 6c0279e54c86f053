package dev.identitybridge.it.harness;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak distribution (unpacked from Maven Central's keycloak-quarkus-dist by the build, with the
 * Identity Bridge bundle in {@code providers/}) run as a child process in dev mode with an in-memory
 * Keycloak database, H2 app databases allowed ({@link #ALLOW_H2_OPTION}). One server is shared by all test classes
 * of a run and stopped when the JVM exits.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    /** 5 minutes; a loaded machine (re-augmentation on shared cores) may need more: -Dit.keycloak.start.minutes=N. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(Long.getLong("it.keycloak.start.minutes", 5));
    /** The external-users provider accepts H2 URLs only with this server option. */
    public static final String ALLOW_H2_OPTION = "--spi-storage--external-users--allow-h2";
    /** {@code kc.sh build} re-augments the whole server: minutes on a loaded machine. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    private static KeycloakServer shared;

    private final Process process;
    private final String baseUrl;
    private final String managementUrl;
    private final Path logFile;
    private final Duration startTime;

    private KeycloakServer(Process process, String baseUrl, String managementUrl, Path logFile, Duration startTime) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.managementUrl = managementUrl;
        this.logFile = logFile;
        this.startTime = startTime;
    }

    /** The server of this test run, started on first use. */
    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            shared = start(
                    Path.of(System.getProperty("keycloak.home")),
                    Path.of(System.getProperty("it.work.dir", "target/it-work")));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public static KeycloakServer start(Path home, Path workDir) {
        return start(home, workDir, List.of("--db=dev-mem"));
    }

    /**
     * Starts a server with its own options instead of {@code --db=dev-mem}: Keycloak's database ({@code --db},
     * {@code --db-url}, {@code --db-username}, {@code --db-password}), SPI options, {@code --metrics-enabled}...
     * Build-time options (such as {@code --db}) re-augment the distribution in {@code home}: give each set of
     * build options its own copy ({@link #distribution}) and never run two such servers from one copy at once.
     */
    public static KeycloakServer start(Path home, Path workDir, List<String> options) {
        List<String> command = new ArrayList<>(List.of("start-dev"));
        command.addAll(options);
        // the H2 legs give components jdbc:h2:tcp:// URLs; a test that needs H2 refused passes allow-h2=false itself
        if (options.stream().noneMatch(o -> o.startsWith(ALLOW_H2_OPTION))) {
            command.add(ALLOW_H2_OPTION + "=true");
        }
        command.addAll(List.of(
                "--log-level=INFO,dev.identitybridge:DEBUG",
                "--vault=file",
                "--vault-dir=" + vaultDir(workDir).toAbsolutePath()));
        return launch(home, workDir, command);
    }

    /**
     * Starts a distribution already augmented by {@link #build} in production mode ({@code start --optimized}), plain
     * HTTP on localhost, INFO logging: what an operator runs, for measurements.
     */
    public static KeycloakServer startOptimized(Path home, Path workDir, List<String> options) {
        return startOptimized(home, workDir, options, Node.anyFreePorts());
    }

    /**
     * The same for one node of a cluster (or any server that needs known ports): its HTTP and management ports and
     * extra environment (e.g. {@code JAVA_OPTS_APPEND}). {@code --log-level=INFO} unless the options
     * set a log level.
     */
    public static KeycloakServer startOptimized(Path home, Path workDir, List<String> options, Node node) {
        List<String> command =
                new ArrayList<>(List.of("start", "--optimized", "--http-enabled=true", "--hostname-strict=false"));
        command.addAll(options);
        if (options.stream().noneMatch(o -> o.startsWith("--log-level="))) {
            command.add("--log-level=INFO");
        }
        return launch(home, workDir, command, node);
    }

    /**
     * Where and how one server process runs: its HTTP and management ports, extra environment variables.
     */
    public record Node(int httpPort, int managementPort, Map<String, String> environment) {

        public Node {
            environment = Map.copyOf(environment);
        }

        public static Node anyFreePorts() {
            return new Node(freePort(), freePort(), Map.of());
        }
    }

    /** Runs {@code kc.sh build} with the build-time {@code options} (e.g. {@code --db=postgres}) and waits for it. */
    public static void build(Path home, Path workDir, List<String> options) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(options);
        try {
            Files.createDirectories(workDir);
            Path logFile = workDir.resolve("keycloak-build.log");
            Process process = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            if (!process.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed:\n" + tail(logFile));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot build the Keycloak distribution " + home, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KeycloakServer launch(Path home, Path workDir, List<String> arguments) {
        return launch(home, workDir, arguments, Node.anyFreePorts());
    }

    private static KeycloakServer launch(Path home, Path workDir, List<String> arguments, Node node) {
        try {
            Files.createDirectories(workDir);
            int httpPort = node.httpPort();
            int managementPort = node.managementPort();
            Path logFile = workDir.resolve("keycloak.log");
            Files.createDirectories(vaultDir(workDir));
            List<String> command = new ArrayList<>(List.of(
                    home.resolve("bin/kc.sh").toString(),
                    arguments.get(0),
                    "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort));
            command.addAll(arguments.subList(1, arguments.size()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            builder.environment().putAll(node.environment());
            // extra JVM options for the server, e.g. a flight recording:
            // -Dkeycloak.java.opts.append=-XX:StartFlightRecording=…
            String javaOpts =
                    System.getProperty("keycloak.java.opts.append", "").trim();
            if (!javaOpts.isEmpty()) {
                builder.environment().put("JAVA_OPTS_APPEND", javaOpts);
            }
            long started = System.nanoTime();
            Process process = builder.start();
            // a JVM that ends without closing the server (System.exit, a killed test run) takes it along
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (process.isAlive()) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }));
            String baseUrl = "http://127.0.0.1:" + httpPort;
            awaitReady(process, baseUrl, logFile);
            Duration startTime = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf(
                    "Keycloak %s started in %.1f s at %s (log: %s)%n",
                    version(home), startTime.toMillis() / 1000.0, baseUrl, logFile);
            return new KeycloakServer(process, baseUrl, "http://127.0.0.1:" + managementPort, logFile, startTime);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Keycloak from " + home, e);
        }
    }

    /**
     * A distribution of its own for {@code variant} under the work directory: a copy of the pristine unpacked
     * distribution ({@code keycloak.pristine.home}) made once, with the current Identity Bridge bundle put into
     * {@code providers/} on every call.
     */
    public static synchronized Path distribution(String variant) {
        return distribution(variant, true);
    }

    /** The same, with the bundle in {@code providers/} or (for a baseline) without it. */
    public static synchronized Path distribution(String variant, boolean withBundle) {
        return distribution(variant, Path.of(System.getProperty("keycloak.pristine.home")), withBundle);
    }

    /**
     * The untouched distribution of Keycloak {@code version}: the default server's ({@code keycloak.pristine.home}),
     * or one of the version matrix, unpacked under {@code keycloak.matrix.dir} by the build's {@code versions} profile.
     */
    public static Path pristineHome(String version) {
        if (version.equals(System.getProperty("keycloak.version"))) {
            return Path.of(System.getProperty("keycloak.pristine.home"));
        }
        Path home = Path.of(System.getProperty("keycloak.matrix.dir", "target/keycloak-matrix"), "keycloak-" + version);
        if (!Files.exists(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak " + version + " distribution at " + home
                    + " (the integration tests' " + "'versions' profile unpacks it: -Pversions)");
        }
        return home;
    }

    /** A distribution of its own for {@code variant}, copied once from {@code pristine}. */
    public static synchronized Path distribution(String variant, Path pristine, boolean withBundle) {
        Path home = Path.of(System.getProperty("it.work.dir", "target/it-work"), "dist-" + variant);
        Path bundle = home.resolve("providers/identity-bridge-keycloak.jar");
        try {
            if (!Files.exists(home.resolve("bin/kc.sh"))) {
                copyTree(pristine, home);
            }
            if (withBundle) {
                Files.copy(
                        Path.of(System.getProperty("keycloak.home"), "providers", "identity-bridge-keycloak.jar"),
                        bundle,
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(bundle);
            }
            return home;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare the Keycloak distribution " + home, e);
        }
    }

    /**
     * A copy of the (built) distribution {@code home} for {@code variant}, e.g. a second cluster node that needs its own
     * {@code data/} but the same build: cheaper than building twice.
     */
    public static synchronized Path copyOf(Path home, String variant) {
        Path copy = Path.of(System.getProperty("it.work.dir", "target/it-work"), "dist-" + variant);
        try {
            copyTree(home, copy);
            return copy;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot copy the Keycloak distribution " + home, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The version a distribution declares in its {@code version.txt} ("Keycloak - Version 26.4.7"). */
    public static String version(Path home) {
        try {
            String text = Files.readString(home.resolve("version.txt")).trim();
            return text.substring(text.lastIndexOf(' ') + 1);
        } catch (IOException e) {
            return System.getProperty("keycloak.version", "");
        }
    }

    /** Keycloak's plain-file vault: one file per secret, named {@code <realm>_<key>}. */
    public static Path vaultDir(Path workDir) {
        return workDir.resolve("vault");
    }

    /** Stores a secret that components of {@code realm} can reference as {@code ${vault.<key>}}. */
    public void putVaultSecret(String realm, String key, String secret) {
        try {
            Files.writeString(
                    vaultDir(Path.of(System.getProperty("it.work.dir", "target/it-work")))
                            .resolve(realm.replace("_", "__") + "_" + key.replace("_", "__")),
                    secret);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The management interface: {@code /metrics}, {@code /health}. */
    public String managementUrl() {
        return managementUrl;
    }

    public Duration startTime() {
        return startTime;
    }

    public Path logFile() {
        return logFile;
    }

    public String realmUrl(String realm) {
        return realmUrl(baseUrl, realm);
    }

    /** The URL of {@code realm} on the server at {@code baseUrl}. */
    public static String realmUrl(String baseUrl, String realm) {
        return baseUrl + "/realms/" + realm;
    }

    /** The server's JVM (a child of {@code kc.sh}). */
    public ProcessHandle jvm() {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .findFirst()
                .orElse(process.toHandle());
    }

    /** {@code kill -9} of the server's JVM: no shutdown hook, no graceful leave of the cluster. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitReady(Process process, String baseUrl, Path logFile) throws IOException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + tail(logFile));
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT + ":\n" + tail(logFile));
    }

    public static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
