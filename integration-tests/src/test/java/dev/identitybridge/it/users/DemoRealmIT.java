package dev.identitybridge.it.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.DemoUsers.DemoUser;
import dev.identitybridge.it.harness.H2AppDatabase;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo realm of {@code realm-export/} (what the run command imports) against a real Keycloak: its
 * external-users component reads the reference schema with the demo users, and {@code demo-app} logs a
 * federated user in with PKCE and gets the app user id as the {@code user_id} claim.
 */
@Tag("h2")
class DemoRealmIT {

    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{(IDB_[A-Z_]+):([^}]*)}");

    @Test
    void demoRealmLogsFederatedUsersInWithTheAppUserIdClaim() throws Exception {
        KeycloakServer server = KeycloakServer.shared();
        KeycloakAdmin admin = new KeycloakAdmin(server);
        H2AppDatabase db = new H2AppDatabase();
        db.applyReferenceSchemaWithDemoUsers();

        // what Keycloak's start-up import does: environment placeholders, here pointing at the test database
        Map<String, String> env = Map.of("IDB_APP_JDBC_URL", db.keycloakJdbcUrl(), "IDB_APP_DB_USER", db.user(),
                "IDB_APP_DB_PASSWORD", db.password());
        String json = Files.readString(Path.of(System.getProperty("it.demo.realm")));
        Matcher placeholder = ENV_PLACEHOLDER.matcher(json);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(env.getOrDefault(placeholder.group(1), placeholder.group(2))));
        }
        placeholder.appendTail(resolved);
        JsonNode realm = Http.json(resolved.toString());
        assertThat(realm.get("realm").asText()).isEqualTo("demo");

        admin.delete("/realms/demo");
        HttpResponse<String> created = admin.post("/realms", realm);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        try {
            JsonNode settings = admin.getJson("/realms/demo");
            assertThat(settings.get("bruteForceProtected").asBoolean()).isTrue();
            assertThat(settings.get("registrationAllowed").asBoolean()).isTrue();
            assertThat(admin.getJson("/realms/demo/users/count").asInt()).isEqualTo(DemoUsers.all().size());

            DemoUser carol = DemoUsers.named("carol");
            Optional<JsonNode> tokens = new OidcClient(server).authorizationCodeLogin("demo", "demo-app", carol.username(),
                    DemoUsers.PASSWORD).tokens();
            assertThat(tokens).isPresent();
            for (String token : new String[]{"id_token", "access_token"}) {
                JsonNode claims = OidcClient.claims(tokens.get().get(token).asText());
                assertThat(claims.get("user_id").asText()).as(token).isEqualTo(carol.id());
                assertThat(claims.get("email").asText()).as(token).isEqualTo(carol.email());
                assertThat(claims.get("email_verified").asBoolean()).as(token).isTrue();
            }
            assertThat(db.keycloakConnectionCount()).as("pool of the demo realm's component").isPositive();
        } finally {
            admin.delete("/realms/demo");
        }
        assertThat(db.keycloakConnectionCount()).as("removing the realm closes its components' pools").isZero();
    }
}
