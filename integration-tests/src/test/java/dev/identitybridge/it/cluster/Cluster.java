package dev.identitybridge.it.cluster;

import dev.identitybridge.it.harness.KeycloakDatabase;
import dev.identitybridge.it.harness.KeycloakServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Two Keycloak nodes in production mode ({@code kc.sh build --db=postgres}, {@code start --optimized}, embedded
 * Infinispan, JGroups discovery JDBC_PING2 through Keycloak's database, the default {@code --cache-stack=jdbc-ping}),
 * sharing one PostgreSQL database and one {@code --hostname} (so that a token issued by one node is valid on the
 * other). Each node runs from its own copy of the built distribution (its own {@code data/}) on its own HTTP,
 * management and JGroups ports on 127.0.0.1.
 */
final class Cluster implements AutoCloseable {

    /** Keycloak's database of this suite (never shared with another suite). */
    static final String KEYCLOAK_DATABASE = "ib_cluster_kc";
    /** JGroups' FD_SOCK2 listens at the transport's port plus this offset. */
    private static final int FD_SOCK_OFFSET = 100;

    private static final Pattern TWO_MEMBER_VIEW = Pattern.compile("ISPN000094: Received new cluster view.*\\(2\\)");

    final KeycloakDatabase database;
    final String hostname;
    final KeycloakServer a;
    final KeycloakServer b;
    final Duration buildTime;

    private Cluster(
            KeycloakDatabase database, String hostname, KeycloakServer a, KeycloakServer b, Duration buildTime) {
        this.database = database;
        this.hostname = hostname;
        this.a = a;
        this.b = b;
        this.buildTime = buildTime;
    }

    /** Builds one distribution, copies it for node B, then starts node A, then node B (B joins A's cluster). */
    static Cluster start(Path workDir, List<String> options) throws Exception {
        KeycloakDatabase database = KeycloakDatabase.postgres(KEYCLOAK_DATABASE);
        database.recreate();
        long started = System.nanoTime();
        Path homeA = KeycloakServer.distribution("cluster-a");
        KeycloakServer.build(homeA, workDir.resolve("a"), List.of("--db=postgres"));
        Duration buildTime = Duration.ofNanos(System.nanoTime() - started);
        Path homeB = KeycloakServer.copyOf(homeA, "cluster-b");
        int httpA = KeycloakServer.freePort();
        String hostname = "http://localhost:" + httpA;
        KeycloakServer a = node(homeA, workDir.resolve("a"), httpA, hostname, database, options);
        try {
            KeycloakServer b =
                    node(homeB, workDir.resolve("b"), KeycloakServer.freePort(), hostname, database, options);
            return new Cluster(database, hostname, a, b, buildTime);
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private static KeycloakServer node(
            Path home, Path workDir, int httpPort, String hostname, KeycloakDatabase database, List<String> extra) {
        // --db is a build option, already in the built distribution
        List<String> options = new ArrayList<>(database.serverOptions().stream()
                .filter(o -> !o.startsWith("--db="))
                .toList());
        options.addAll(List.of(
                "--hostname=" + hostname,
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + clusterPort()));
        options.addAll(extra);
        return KeycloakServer.startOptimized(
                home, workDir, options, new KeycloakServer.Node(httpPort, KeycloakServer.freePort(), Map.of()));
    }

    /** A free port whose FD_SOCK2 companion port is free too. */
    private static int clusterPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = KeycloakServer.freePort();
            if (port + FD_SOCK_OFFSET <= 65535 && isFree(port + FD_SOCK_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free pair of cluster ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The log line of {@code node} that shows a two-member cluster view, waiting for it up to {@code timeout}. */
    static Optional<String> awaitTwoMemberView(KeycloakServer node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<String> line = log(node).stream()
                    .filter(l -> TWO_MEMBER_VIEW.matcher(l).find())
                    .findFirst();
            if (line.isPresent()) {
                return line;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    static List<String> log(KeycloakServer node) {
        try {
            return Files.readAllLines(node.logFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        b.close();
        a.close();
    }
}
