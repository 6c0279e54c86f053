package dev.identitybridge.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo realm of {@code realm-export/} imported the way Keycloak's start-up import does it: environment
 * placeholders {@code ${IDB_…:default}} resolved, here pointing the external-users component at a test database.
 */
public final class DemoRealm {

    public static final String NAME = "demo";
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{(IDB_[A-Z_]+):([^}]*)}");

    private DemoRealm() {}

    /** The realm JSON with its placeholders resolved against {@code db}. */
    public static JsonNode representation(AppDatabase db) throws IOException {
        Map<String, String> env = Map.of(
                "IDB_APP_JDBC_URL",
                db.keycloakJdbcUrl(),
                "IDB_APP_DB_USER",
                db.user(),
                "IDB_APP_DB_PASSWORD",
                db.password());
        String json = Files.readString(Path.of(System.getProperty("it.demo.realm")));
        Matcher placeholder = ENV_PLACEHOLDER.matcher(json);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(
                    resolved, Matcher.quoteReplacement(env.getOrDefault(placeholder.group(1), placeholder.group(2))));
        }
        placeholder.appendTail(resolved);
        return Http.json(resolved.toString());
    }

    /**
     * A new H2 app database with the reference schema and the demo data, and the demo realm imported (replacing an
     * earlier one) reading it.
     */
    public static H2AppDatabase importWithDemoData(KeycloakAdmin admin) throws Exception {
        H2AppDatabase db = new H2AppDatabase();
        db.applyReferenceSchemaWithDemoUsers();
        importInto(admin, db);
        return db;
    }

    /** Keycloak's id of the federated demo user whose app user id is {@code appId}. */
    public static String federatedUserId(KeycloakAdmin admin, String appId) {
        String component = admin.getJson("/realms/" + NAME + "/components?type=" + KeycloakAdmin.USER_STORAGE_TYPE)
                .get(0)
                .get("id")
                .asText();
        return "f:" + component + ":" + appId;
    }

    /** Imports the demo realm (replacing an earlier one) with its app users in {@code db}. */
    public static void importInto(KeycloakAdmin admin, AppDatabase db) throws IOException {
        JsonNode realm = representation(db);
        assertThat(realm.get("realm").asText()).isEqualTo(NAME);
        admin.delete("/realms/" + NAME);
        HttpResponse<String> created = admin.post("/realms", realm);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}
