package dev.identitybridge.it.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.identitybridge.it.harness.DemoRealm;
import dev.identitybridge.it.harness.DemoUsers;
import dev.identitybridge.it.harness.DemoUsers.DemoUser;
import dev.identitybridge.it.harness.H2AppDatabase;
import dev.identitybridge.it.harness.Http;
import dev.identitybridge.it.harness.KeycloakAdmin;
import dev.identitybridge.it.harness.KeycloakServer;
import dev.identitybridge.it.harness.OidcClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo realm of {@code realm-export/} (what the run command imports) against a real Keycloak: its
 * external-users component reads the reference schema with the demo users, and {@code demo-app} logs a
 * federated user in with PKCE and gets the app user id as the {@code user_id} claim.
 */
@Tag("h2")
class DemoRealmIT {

    @Test
    void demoRealmLogsFederatedUsersInWithTheAppUserIdClaim() throws Exception {
        KeycloakServer server = KeycloakServer.shared();
        KeycloakAdmin admin = new KeycloakAdmin(server);
        H2AppDatabase db = new H2AppDatabase();
        db.applyReferenceSchemaWithDemoUsers();

        DemoRealm.importInto(admin, db);
        try {
            JsonNode settings = admin.getJson("/realms/demo");
            assertThat(settings.get("bruteForceProtected").asBoolean()).isTrue();
            assertThat(settings.get("registrationAllowed").asBoolean()).isTrue();
            assertThat(settings.get("loginTheme").asText()).isEqualTo("identity-bridge");
            JsonNode profile = admin.getJson("/realms/demo/users/profile");
            JsonNode appUserId = null;
            for (JsonNode attribute : profile.get("attributes")) {
                if (attribute.get("name").asText().equals("app_user_id")) {
                    appUserId = attribute;
                }
            }
            assertThat(appUserId).as("the user profile declares app_user_id").isNotNull();
            assertThat(appUserId.get("permissions").get("edit"))
                    .as("read-only for everyone")
                    .isEmpty();
            assertThat(settings.get("supportedLocales").toString()).contains("\"de\"");
            // the internal gateway's service account holds resolve-users of identity-bridge
            HttpResponse<String> gateway = Http.postForm(
                    Http.client(),
                    server.realmUrl("demo") + "/protocol/openid-connect/token",
                    Map.of(
                            "grant_type",
                            "client_credentials",
                            "client_id",
                            "internal-gateway",
                            "client_secret",
                            "gateway-secret"));
            assertThat(gateway.statusCode()).as(gateway.body()).isEqualTo(200);
            JsonNode gatewayClaims = OidcClient.claims(
                    Http.json(gateway.body()).get("access_token").asText());
            assertThat(gatewayClaims
                            .get("resource_access")
                            .get("identity-bridge")
                            .get("roles")
                            .toString())
                    .contains("resolve-users");
            assertThat(admin.getJson("/realms/demo/users/count").asInt())
                    .isEqualTo(DemoUsers.all().size());

            DemoUser carol = DemoUsers.named("carol");
            Optional<JsonNode> tokens = new OidcClient(server)
                    .authorizationCodeLogin("demo", "demo-app", carol.username(), DemoUsers.PASSWORD)
                    .tokens();
            assertThat(tokens).isPresent();
            for (String token : new String[] {"id_token", "access_token"}) {
                JsonNode claims = OidcClient.claims(tokens.get().get(token).asText());
                assertThat(claims.get("user_id").asText()).as(token).isEqualTo(carol.id());
                assertThat(claims.get("email").asText()).as(token).isEqualTo(carol.email());
                assertThat(claims.get("email_verified").asBoolean()).as(token).isTrue();
            }
            assertThat(db.keycloakConnectionCount())
                    .as("pool of the demo realm's component")
                    .isPositive();
        } finally {
            admin.delete("/realms/demo");
        }
        assertThat(db.keycloakConnectionCount())
                .as("removing the realm closes its components' pools")
                .isZero();
    }
}
