package dev.identitybridge.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A realm set up for the identity resource: an external-users component on the leg's app database, the client
 * {@code identity-bridge} with role {@code resolve-users}, and service-account clients: {@code svc-resolver} (holds
 * the role), {@code svc-plain} (no role), {@code svc-admin} (realm-management view-users and manage-users).
 */
public final class IdentityRealm {

    public static final String SECRET = "it-secret";

    public final String name;
    public final String componentId;
    private final KeycloakServer server;
    private final KeycloakAdmin admin;
    private final OidcClient oidc;
    private final HttpClient http = Http.client();

    public IdentityRealm(KeycloakServer server, KeycloakAdmin admin, String name, Map<String, String> componentConfig) {
        this.server = server;
        this.admin = admin;
        this.oidc = new OidcClient(server);
        this.name = name;
        admin.createRealm(name);
        componentId = admin.createComponent(name, "app users", componentConfig);
        createClient(Map.of(
                "clientId",
                "identity-bridge",
                "publicClient",
                false,
                "secret",
                SECRET,
                "standardFlowEnabled",
                false,
                "directAccessGrantsEnabled",
                false));
        assertThat(admin.post(clientPath("identity-bridge") + "/roles", Map.of("name", "resolve-users"))
                        .statusCode())
                .isEqualTo(201);
        serviceAccount("svc-resolver");
        serviceAccount("svc-plain");
        serviceAccount("svc-admin");
        grant("svc-resolver", "identity-bridge", "resolve-users");
        grant("svc-admin", "realm-management", "view-users");
        grant("svc-admin", "realm-management", "manage-users");
        // tokens that expire after one second, for the expired-token cases
        createClient(Map.of(
                "clientId",
                "it-short",
                "publicClient",
                true,
                "directAccessGrantsEnabled",
                true,
                "standardFlowEnabled",
                false,
                "attributes",
                Map.of("access.token.lifespan", "1")));
    }

    public static Map<String, String> componentConfig(String jdbcUrl, String user, String password, String editMode) {
        Map<String, String> config = new HashMap<>();
        config.put("jdbcUrl", jdbcUrl);
        config.put("dbUser", user);
        config.put("dbPassword", password);
        config.put("poolMinSize", "1");
        config.put("poolMaxSize", "8");
        config.put("poolAcquisitionTimeoutMs", "3000");
        config.put("cachePolicy", "NO_CACHE");
        config.put("editMode", editMode);
        config.put("syncRegistrations", "false");
        return config;
    }

    public String url(String path) {
        return server.realmUrl(name) + "/identity" + path;
    }

    public String clientToken(String clientId) {
        HttpResponse<String> response = Http.postForm(
                http,
                server.realmUrl(name) + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", SECRET));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Http.json(response.body()).get("access_token").asText();
    }

    public String userToken(String username, String password) {
        HttpResponse<String> response = oidc.passwordGrant(name, username, password);
        assertThat(response.statusCode())
                .as("login %s: %s", username, response.body())
                .isEqualTo(200);
        return Http.json(response.body()).get("access_token").asText();
    }

    /** A token of a client whose access tokens live one second, already expired. */
    String expiredUserToken(String username, String password) throws InterruptedException {
        HttpResponse<String> response = Http.postForm(
                http,
                server.realmUrl(name) + "/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "it-short", "username", username, "password", password));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Thread.sleep(2500);
        return Http.json(response.body()).get("access_token").asText();
    }

    /**
     * Creates a Keycloak-local user (the component does not sync registrations); returns its id. Without {@code email},
     * an unverified {@code <username>@local.example.net} (the user profile requires an email to log in).
     */
    public String createLocalUser(String username, String email, boolean emailVerified, String password) {
        Map<String, Object> rep = new HashMap<>(Map.of(
                "username",
                username,
                "enabled",
                true,
                "firstName",
                "Local",
                "lastName",
                username,
                "emailVerified",
                emailVerified,
                "email",
                email == null ? username + "@local.example.net" : email,
                "credentials",
                List.of(Map.of("type", "password", "value", password, "temporary", false))));
        HttpResponse<String> response = admin.post("/realms/" + name + "/users", rep);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String location = response.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(id).as("a Keycloak-local id").doesNotStartWith("f:");
        return id;
    }

    public HttpResponse<String> post(String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Http.TIMEOUT)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return Http.send(http, request.build());
    }

    public HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Http.TIMEOUT)
                .GET()
                .header("Accept", "text/html, application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(http, request.build());
    }

    public void delete() {
        admin.delete("/realms/" + name);
    }

    public void createClient(Map<String, Object> rep) {
        HttpResponse<String> response = admin.post("/realms/" + name + "/clients", rep);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private void serviceAccount(String clientId) {
        createClient(Map.of(
                "clientId",
                clientId,
                "publicClient",
                false,
                "secret",
                SECRET,
                "serviceAccountsEnabled",
                true,
                "standardFlowEnabled",
                false,
                "directAccessGrantsEnabled",
                false));
    }

    public void grant(String serviceAccountClient, String roleClient, String role) {
        String userId = admin.getJson(clientPath(serviceAccountClient) + "/service-account-user")
                .get("id")
                .asText();
        String roleClientId = clientUuid(roleClient);
        JsonNode roleRep = admin.getJson("/realms/" + name + "/clients/" + roleClientId + "/roles/" + role);
        HttpResponse<String> response = admin.post(
                "/realms/" + name + "/users/" + userId + "/role-mappings/clients/" + roleClientId,
                List.of(Http.JSON.convertValue(roleRep, Map.class)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private String clientPath(String clientId) {
        return "/realms/" + name + "/clients/" + clientUuid(clientId);
    }

    public String clientUuid(String clientId) {
        return admin.getJson("/realms/" + name + "/clients?clientId=" + clientId)
                .get(0)
                .get("id")
                .asText();
    }
}
