package dev.identitybridge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The load generator's HTTP side: one JDK client (HTTP/1.1, pooled keep-alive connections) shared by all workers,
 * and calls that fail unless Keycloak answers with the expected status.
 */
public final class BenchClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public JsonNode get(String url, String bearer, int expectedStatus) throws IOException, InterruptedException {
        return expect(
                send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + bearer)
                        .GET()),
                expectedStatus);
    }

    public JsonNode postJson(String url, String bearer, String json, int expectedStatus)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return expect(send(request), expectedStatus);
    }

    public JsonNode postForm(String url, Map<String, String> fields, int expectedStatus)
            throws IOException, InterruptedException {
        return expect(
                send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(Http.form(fields)))),
                expectedStatus);
    }

    /** An access token from the realm's token endpoint (password or client-credentials grant). */
    public String token(String realmUrl, Map<String, String> grant) throws IOException, InterruptedException {
        return postForm(realmUrl + "/protocol/openid-connect/token", grant, 200)
                .get("access_token")
                .asText();
    }

    /** The access token of a password grant of {@link BenchRealms#LOGIN_CLIENT}; fails unless Keycloak answers 200. */
    public String passwordToken(String realmUrl, String username, String password)
            throws IOException, InterruptedException {
        return token(realmUrl, passwordGrant(username, password));
    }

    /** The form of a password grant of {@link BenchRealms#LOGIN_CLIENT}. */
    public static Map<String, String> passwordGrant(String username, String password) {
        return Map.of(
                "grant_type",
                "password",
                "client_id",
                BenchRealms.LOGIN_CLIENT,
                "username",
                username,
                "password",
                password);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(HttpResponse<String> response, int expectedStatus) {
        if (response.statusCode() != expectedStatus) {
            String body = response.body();
            throw new IllegalStateException("HTTP " + response.statusCode() + " (expected " + expectedStatus + ") from "
                    + response.uri().getPath() + ": " + body.substring(0, Math.min(200, body.length())));
        }
        return response.body().isEmpty() ? Http.JSON.nullNode() : Http.json(response.body());
    }
}
