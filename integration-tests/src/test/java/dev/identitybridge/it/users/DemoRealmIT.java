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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo realm of {@code realm-export/} (what the run command imports) against a real Keycloak: its
 * external-users component reads the reference schema with the demo users, and {@code demo-app} logs a
 * federated user in with PKCE and gets the app user id as the {@code user_id} claim; the demo users' app roles and
 * groups ({@code user_roles}, {@code user_groups}) and phone numbers ({@code attributeColumns}) are in their tokens and
 * in the admin API.
 */
@Tag("h2")
class DemoRealmIT {

    private final KeycloakServer server = KeycloakServer.shared();
    private final KeycloakAdmin admin = new KeycloakAdmin(server);

    @Test
    void demoRealmLogsFederatedUsersInWithTheAppUserIdClaim() throws Exception {
        H2AppDatabase db = DemoRealm.importWithDemoData(admin);
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

    @Test
    void demoUsersHaveTheirAppRolesGroupsAndPhoneInTokensAndTheAdminApi() throws Exception {
        DemoRealm.importWithDemoData(admin);
        try {
            // what the docs' curl example does: a password grant of demo-cli
            JsonNode alice = demoCliToken("alice");
            assertThat(texts(alice.path("realm_access").path("roles")))
                    .as("app-admin through roleNameMap, billing as it is")
                    .contains("admin", "billing", "offline_access")
                    .doesNotContain("app-admin", "viewer");
            assertThat(texts(alice.path("groups"))).containsExactly("/staff");
            assertThat(alice.get("user_id").asText())
                    .isEqualTo(DemoUsers.named("alice").id());
            assertThat(alice.get("phone_number").asText())
                    .as("the phone column through attributeColumns phone_number=phone")
                    .isEqualTo("+1 555 0101");
            JsonNode bob = demoCliToken("bob");
            assertThat(texts(bob.path("realm_access").path("roles")))
                    .contains("viewer")
                    .doesNotContain("admin", "billing");
            assertThat(texts(bob.path("groups"))).containsExactly("/customers");
            JsonNode dave = demoCliToken("dave");
            assertThat(texts(dave.path("realm_access").path("roles"))).doesNotContain("admin", "billing", "viewer");
            assertThat(texts(dave.path("groups"))).isEmpty();
            assertThat(dave.has("phone_number"))
                    .as("an empty column is no attribute")
                    .isFalse();

            // demo-app's tokens carry them too
            Optional<JsonNode> tokens = new OidcClient(server)
                    .authorizationCodeLogin("demo", "demo-app", "carol", DemoUsers.PASSWORD)
                    .tokens();
            assertThat(tokens).isPresent();
            JsonNode carol = OidcClient.claims(tokens.get().get("access_token").asText());
            assertThat(texts(carol.path("realm_access").path("roles"))).contains("viewer");
            assertThat(texts(carol.path("groups"))).containsExactly("/customers");

            String alicePath = "/realms/demo/users/"
                    + Http.encode(DemoRealm.federatedUserId(
                            admin, DemoUsers.named("alice").id()));
            assertThat(admin.getJson(alicePath)
                            .path("attributes")
                            .path("phone_number")
                            .get(0)
                            .asText())
                    .isEqualTo("+1 555 0101");
            assertThat(texts(admin.getJson(alicePath + "/role-mappings/realm"))).contains("admin", "billing");
            assertThat(texts(admin.getJson(alicePath + "/groups"))).containsExactly("staff");
            String customers = admin.getJson("/realms/demo/group-by-path/customers")
                    .get("id")
                    .asText();
            assertThat(texts(admin.getJson("/realms/demo/groups/" + customers + "/members"), "username"))
                    .containsExactlyInAnyOrder("bob", "carol");
        } finally {
            admin.delete("/realms/demo");
        }
    }

    private JsonNode demoCliToken(String username) {
        HttpResponse<String> response =
                new OidcClient(server).passwordGrant("demo", "demo-cli", username, DemoUsers.PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return OidcClient.claims(Http.json(response.body()).get("access_token").asText());
    }

    private static Set<String> texts(JsonNode array) {
        return texts(array, "name");
    }

    /** The strings of a JSON array, or the {@code field} of its objects. */
    private static Set<String> texts(JsonNode array, String field) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(v -> values.add(v.isTextual() ? v.asText() : v.get(field).asText()));
        return values;
    }
}
