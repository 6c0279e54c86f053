package dev.identitybridge.it.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import dev.identitybridge.it.harness.TcpProxy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Realm files for the import tests: the demo realm of {@code realm-export/} under another name, with its
 * {@code external-users} component either as shipped (placeholders unresolved) or pointing at a given database,
 * plus a direct-grant client for logins.
 */
final class ImportedRealms {

    /** A database password that must never appear in a log. */
    static final String SECRET_DB_PASSWORD = "H6-Imp0rt-S3cret";

    private ImportedRealms() {}

    /** The demo realm file as an admin would upload it in "Create realm": {@code ${IDB_…}} placeholders unresolved. */
    static ObjectNode asShipped(String realmName) throws IOException {
        ObjectNode realm = (ObjectNode) Http.json(Files.readString(Path.of(System.getProperty("it.demo.realm"))));
        realm.put("realm", realmName);
        ((ArrayNode) realm.get("clients"))
                .addObject()
                .put("clientId", OidcClient.DIRECT_GRANT_CLIENT)
                .put("publicClient", true)
                .put("directAccessGrantsEnabled", true)
                .put("standardFlowEnabled", false);
        return realm;
    }

    /** The same realm whose component reaches {@code jdbcUrl} as {@code user}/{@code password}. */
    static ObjectNode pointingAt(String realmName, String jdbcUrl, String user, String password) throws IOException {
        ObjectNode realm = asShipped(realmName);
        ObjectNode config = (ObjectNode) component(realm).get("config");
        config.set("jdbcUrl", Http.json(Http.toJson(List.of(jdbcUrl))));
        config.set("dbUser", Http.json(Http.toJson(List.of(user))));
        config.set("dbPassword", Http.json(Http.toJson(List.of(password))));
        config.set("cachePolicy", Http.json(Http.toJson(List.of("NO_CACHE"))));
        return realm;
    }

    static JsonNode component(JsonNode realm) {
        for (JsonNode component : realm.get("components").get("org.keycloak.storage.UserStorageProvider")) {
            if ("external-users".equals(component.get("providerId").asText())) {
                return component;
            }
        }
        throw new AssertionError("no external-users component in the realm file");
    }

    /** An H2 user with a password of its own, so that a test can check the password never reaches the log. */
    static void createSecretUser(AppDatabase db) throws Exception {
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS H6_IMPORT PASSWORD '" + SECRET_DB_PASSWORD + "' ADMIN");
        }
    }

    /** {@code db}'s JDBC URL with its port replaced by the proxy's. */
    static String throughProxy(AppDatabase db, TcpProxy proxy) {
        URI target = hostAndPort(db);
        return db.keycloakJdbcUrl().replace(":" + target.getPort() + "/", ":" + proxy.port() + "/");
    }

    static TcpProxy proxyTo(AppDatabase db) throws IOException {
        URI target = hostAndPort(db);
        return new TcpProxy(target.getHost(), target.getPort());
    }

    /** Host and port of a JDBC URL of the form jdbc:…//host:port/… ("h2:tcp://…" is no hierarchical URI by itself). */
    private static URI hostAndPort(AppDatabase db) {
        String url = db.keycloakJdbcUrl();
        URI target = URI.create("tcp:" + url.substring(url.indexOf("//")));
        assertThat(target.getPort()).as("port of %s", url).isPositive();
        return target;
    }

    /** The realm's one stored user-storage component. */
    static JsonNode storedComponent(KeycloakAdmin admin, String realm) {
        JsonNode components = admin.getJson("/realms/" + realm + "/components?type=" + KeycloakAdmin.USER_STORAGE_TYPE);
        assertThat(components)
                .as("the imported component of %s is stored", realm)
                .hasSize(1);
        return components.get(0);
    }

    /** Milliseconds a federated login of alice takes to fail with {@code invalid_grant}. */
    static long failedLoginMillis(OidcClient oidc, String realm) {
        long started = System.nanoTime();
        HttpResponse<String> login = oidc.passwordGrant(realm, "alice", DemoUsers.PASSWORD);
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(login.statusCode()).as(login.body()).isEqualTo(400);
        assertThat(Http.json(login.body()).get("error").asText()).isEqualTo("invalid_grant");
        return ms;
    }

    /** Waits until {@code condition} holds (at most {@code timeout}); fails with {@code what} otherwise. */
    static void await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** The server log's lines that contain {@code text}. */
    static List<String> logLines(Path logFile, String text) {
        try {
            return Files.readAllLines(logFile).stream()
                    .filter(line -> line.contains(text))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String log(KeycloakServer server) {
        try {
            return Files.readString(server.logFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
