package dev.identitybridge.it.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/** Realm, user and login steps of the outbox tests. */
final class OutboxClient {

    static final String PASSWORD = "Outbox-Passw0rd!";

    private final KeycloakServer server;
    private final KeycloakAdmin admin;

    OutboxClient(KeycloakServer server, KeycloakAdmin admin) {
        this.server = server;
        this.admin = admin;
    }

    /** A realm with the outbox listener, registration allowed; {@code storeEvents} also turns Keycloak's event store on. */
    String createOutboxRealm(String realm, boolean storeEvents) {
        admin.createRealm(realm);
        HttpResponse<String> events = admin.put(
                "/realms/" + realm + "/events/config",
                Map.of(
                        "eventsListeners",
                        List.of("jboss-logging", "outbox"),
                        "eventsEnabled",
                        storeEvents,
                        "adminEventsEnabled",
                        false));
        assertThat(events.statusCode()).as(events.body()).isEqualTo(204);
        HttpResponse<String> update =
                admin.put("/realms/" + realm, Map.of("realm", realm, "registrationAllowed", true));
        assertThat(update.statusCode()).as(update.body()).isEqualTo(204);
        return admin.realmId(realm);
    }

    /**
     * A realm as {@link #createOutboxRealm} whose passwords are hashed with one PBKDF2 iteration: logins cost a few
     * milliseconds, so that what a run of them does to the database is not spread over seconds of hashing.
     */
    String createCheapLoginRealm(String realm) {
        String id = createOutboxRealm(realm, false);
        HttpResponse<String> policy = admin.put(
                "/realms/" + realm,
                Map.of("realm", realm, "passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)"));
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(204);
        return id;
    }

    String createUser(String realm, String username) {
        HttpResponse<String> created = admin.post(
                "/realms/" + realm + "/users",
                Map.of(
                        "username",
                        username,
                        "email",
                        username + "@example.org",
                        "emailVerified",
                        true,
                        "firstName",
                        "Out",
                        "lastName",
                        "Box",
                        "enabled",
                        true,
                        "credentials",
                        List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** A password grant with extra request headers (name, value, ...). */
    HttpResponse<String> passwordGrant(String realm, String username, String password, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.realmUrl(realm) + "/protocol/openid-connect/token"))
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
                        password,
                        "scope",
                        "openid"))));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return Http.send(Http.client(), request.build());
    }

    static String sid(HttpResponse<String> tokens) {
        return OidcClient.claims(Http.json(tokens.body()).get("access_token").asText())
                .get("sid")
                .asText();
    }

    static void assertInvalidGrant(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 401);
        assertThat(Http.json(response.body()).get("error").asText()).isEqualTo("invalid_grant");
    }
}
