package dev.identitybridge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Keycloak distribution started as a child process ({@code kc.sh start-dev}) on a free local port, with a
 * minimal admin REST client. The benchmark's own copy of the integration tests' approach: nothing may depend
 * on the integration-tests module.
 */
public final class KeycloakProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;

    private KeycloakProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    public static KeycloakProcess start(Path home, Path log, List<String> options) throws IOException, InterruptedException {
        int port;
        int management;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            port = a.getLocalPort();
            management = b.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-management-port=" + management));
        command.addAll(options);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        KeycloakProcess keycloak = new KeycloakProcess(builder.start(), "http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!keycloak.process.isAlive()) {
                throw new IllegalStateException("Keycloak exited; see " + log);
            }
            try {
                if (keycloak.send(HttpRequest.newBuilder(URI.create(keycloak.baseUrl + "/realms/master")).GET()).statusCode() == 200) {
                    return keycloak;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        keycloak.close();
        throw new IllegalStateException("Keycloak did not start within 5 minutes; see " + log);
    }

    public String realmUrl(String realm) {
        return baseUrl + "/realms/" + realm;
    }

    /** An admin REST call as the bootstrap admin; fails unless the status is 2xx. */
    public HttpResponse<String> admin(String method, String path, Object body) throws IOException, InterruptedException {
        if (adminToken == null) {
            HttpResponse<String> token = postForm(realmUrl("master") + "/protocol/openid-connect/token",
                    Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"));
            adminToken = JSON.readTree(token.body()).get("access_token").asText();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin" + path))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    public HttpResponse<String> postForm(String url, Map<String, String> fields) throws IOException, InterruptedException {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    public static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
