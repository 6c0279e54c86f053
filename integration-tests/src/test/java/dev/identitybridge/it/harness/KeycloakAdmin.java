package dev.identitybridge.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keycloak's admin REST API, authenticated as the bootstrap admin of the master realm. */
public final class KeycloakAdmin {

    public static final String USER_STORAGE_TYPE = "org.keycloak.storage.UserStorageProvider";

    /** The server's root URL: a process of the harness or a container. */
    private final String baseUrl;

    private final HttpClient http = Http.client();
    private String token;
    private long tokenExpiresAt;

    public KeycloakAdmin(KeycloakServer server) {
        this(server.baseUrl());
    }

    /** For a server the harness did not start (e.g. a container), by its root URL. */
    public KeycloakAdmin(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public HttpResponse<String> get(String path) {
        return Http.send(http, request(path).GET().build());
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return Http.json(response.body());
    }

    public HttpResponse<String> post(String path, Object body) {
        return Http.send(
                http,
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Http.toJson(body)))
                        .build());
    }

    public HttpResponse<String> put(String path, Object body) {
        return Http.send(
                http,
                request(path)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(Http.toJson(body)))
                        .build());
    }

    public HttpResponse<String> delete(String path) {
        return Http.send(http, request(path).DELETE().build());
    }

    /** A DELETE with a JSON body (e.g. the role mappings to remove). */
    public HttpResponse<String> delete(String path, Object body) {
        return Http.send(
                http,
                request(path)
                        .header("Content-Type", "application/json")
                        .method("DELETE", HttpRequest.BodyPublishers.ofString(Http.toJson(body)))
                        .build());
    }

    /** Creates a realm (replacing one of the same name) with a direct-grant client and a PKCE web client. */
    public void createRealm(String realm) {
        delete("/realms/" + realm);
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("realm", realm);
        rep.put("enabled", true);
        rep.put("loginWithEmailAllowed", true);
        rep.put("clients", testClients());
        HttpResponse<String> response = post("/realms", rep);
        assertThat(response.statusCode())
                .as("create realm %s: %s", realm, response.body())
                .isEqualTo(201);
    }

    /** Adds the test clients of {@link #createRealm} to an existing realm (e.g. one imported from a file). */
    public void addTestClients(String realm) {
        for (Map<String, Object> client : testClients()) {
            HttpResponse<String> response = post("/realms/" + realm + "/clients", client);
            assertThat(response.statusCode())
                    .as("client %s: %s", client.get("clientId"), response.body())
                    .isEqualTo(201);
        }
    }

    /** The direct-grant client and the PKCE web client of {@link OidcClient}. */
    private static List<Map<String, Object>> testClients() {
        return List.of(
                Map.of(
                        "clientId",
                        OidcClient.DIRECT_GRANT_CLIENT,
                        "publicClient",
                        true,
                        "directAccessGrantsEnabled",
                        true,
                        "standardFlowEnabled",
                        false),
                Map.of(
                        "clientId",
                        OidcClient.WEB_CLIENT,
                        "publicClient",
                        true,
                        "standardFlowEnabled",
                        true,
                        "directAccessGrantsEnabled",
                        false,
                        "redirectUris",
                        List.of(OidcClient.REDIRECT_URI),
                        "attributes",
                        Map.of("pkce.code.challenge.method", "S256")));
    }

    /** Posts a user-storage component; returns the response (201 with Location, or an error). */
    public HttpResponse<String> postComponent(String realm, String name, Map<String, String> config) {
        return post("/realms/" + realm + "/components", componentRep(realm, name, config));
    }

    public String createComponent(String realm, String name, Map<String, String> config) {
        HttpResponse<String> response = postComponent(realm, name, config);
        assertThat(response.statusCode())
                .as("create component: %s", response.body())
                .isEqualTo(201);
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    public HttpResponse<String> updateComponent(String realm, String id, String name, Map<String, String> config) {
        Map<String, Object> rep = componentRep(realm, name, config);
        rep.put("id", id);
        return put("/realms/" + realm + "/components/" + id, rep);
    }

    public int componentCount(String realm) {
        return getJson("/realms/" + realm + "/components?type=" + USER_STORAGE_TYPE)
                .size();
    }

    private Map<String, Object> componentRep(String realm, String name, Map<String, String> config) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        config.forEach((k, v) -> multi.put(k, List.of(v)));
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("name", name);
        rep.put("providerId", "external-users");
        rep.put("providerType", USER_STORAGE_TYPE);
        rep.put("parentId", realmId(realm));
        rep.put("config", multi);
        return rep;
    }

    /**
     * Makes realm {@code source} of this server an OIDC identity provider of {@code realm} with alias {@code source}
     * (confidential client {@code downstream}, trusted emails, sync mode IMPORT), and creates {@code sourceUser} there.
     */
    public void addOidcBroker(String realm, String source, Map<String, Object> sourceUser) {
        String brokerEndpoint = KeycloakServer.realmUrl(baseUrl, realm) + "/broker/source/endpoint";
        assertThat(post(
                                "/realms/" + source + "/clients",
                                Map.of(
                                        "clientId",
                                        "downstream",
                                        "secret",
                                        "broker-secret",
                                        "publicClient",
                                        false,
                                        "standardFlowEnabled",
                                        true,
                                        "redirectUris",
                                        List.of(brokerEndpoint)))
                        .statusCode())
                .isEqualTo(201);
        assertThat(post("/realms/" + source + "/users", sourceUser).statusCode())
                .isEqualTo(201);
        String sourceUrl = KeycloakServer.realmUrl(baseUrl, source);
        HttpResponse<String> idp = post(
                "/realms/" + realm + "/identity-provider/instances",
                Map.of(
                        "alias",
                        "source",
                        "providerId",
                        "oidc",
                        "enabled",
                        true,
                        "trustEmail",
                        true,
                        "config",
                        Map.ofEntries(
                                Map.entry("authorizationUrl", sourceUrl + "/protocol/openid-connect/auth"),
                                Map.entry("tokenUrl", sourceUrl + "/protocol/openid-connect/token"),
                                Map.entry("issuer", sourceUrl),
                                Map.entry("jwksUrl", sourceUrl + "/protocol/openid-connect/certs"),
                                Map.entry("useJwksUrl", "true"),
                                Map.entry("validateSignature", "true"),
                                Map.entry("clientId", "downstream"),
                                Map.entry("clientSecret", "broker-secret"),
                                Map.entry("clientAuthMethod", "client_secret_post"),
                                Map.entry("defaultScope", "openid email profile"),
                                Map.entry("syncMode", "IMPORT"))));
        assertThat(idp.statusCode()).as(idp.body()).isEqualTo(201);
    }

    public String realmId(String realm) {
        return getJson("/realms/" + realm).get("id").asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/admin" + path))
                .timeout(Http.TIMEOUT)
                .header("Authorization", "Bearer " + token());
    }

    private synchronized String token() {
        if (token == null || System.currentTimeMillis() > tokenExpiresAt) {
            HttpResponse<String> response = Http.postForm(
                    http,
                    KeycloakServer.realmUrl(baseUrl, "master") + "/protocol/openid-connect/token",
                    Map.of(
                            "grant_type",
                            "password",
                            "client_id",
                            "admin-cli",
                            "username",
                            KeycloakServer.ADMIN_USER,
                            "password",
                            KeycloakServer.ADMIN_PASSWORD));
            assertThat(response.statusCode())
                    .as("admin token: %s", response.body())
                    .isEqualTo(200);
            JsonNode json = Http.json(response.body());
            token = json.get("access_token").asText();
            tokenExpiresAt =
                    System.currentTimeMillis() + (json.get("expires_in").asLong() - 15) * 1000;
        }
        return token;
    }
}
