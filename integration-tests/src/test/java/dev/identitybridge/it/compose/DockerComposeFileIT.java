package dev.identitybridge.it.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.identitybridge.it.harness.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs on the team's machines, so {@code docker-compose.yml} is checked for structure instead of
 * run: the services and their images, start order and health checks, that every mounted path exists in the
 * repository (the bundle under the name the build gives it), and that every environment placeholder the demo realm
 * reads is set for Keycloak. It cannot rot silently when the realm, the bundle name or the Keycloak version change.
 */
@Tag("bundle")
class DockerComposeFileIT {

    private static final Path ROOT = Path.of(System.getProperty("it.project.root", ".."));
    private static final Pattern REALM_ENV = Pattern.compile("\\$\\{(IDB_[A-Z_]+):[^}]*}");

    private final JsonNode compose = new ObjectMapper(new YAMLFactory())
            .readTree(ROOT.resolve("docker-compose.yml").toFile());
    private final JsonNode services = compose.get("services");

    DockerComposeFileIT() throws IOException {}

    @Test
    void servicesImagesAndProfiles() {
        assertThat(names(services))
                .contains("keycloak", "keycloak-db", "app-db", "app-db-schema", "kafka", "connect", "connect-init");
        assertThat(services.get("keycloak").get("image").asText())
                .isEqualTo("quay.io/keycloak/keycloak:" + System.getProperty("keycloak.version"));
        for (String relay : List.of("kafka", "connect", "connect-init")) {
            assertThat(services.get(relay).get("profiles").toString()).as(relay).isEqualTo("[\"relay\"]");
        }
        for (String always : List.of("keycloak", "keycloak-db", "app-db", "app-db-schema")) {
            assertThat(services.get(always).has("profiles"))
                    .as(always + " runs without a profile")
                    .isFalse();
        }
        assertThat(services.get("keycloak-db").get("command").toString())
                .as("Debezium needs logical decoding")
                .contains("wal_level=logical");
    }

    @Test
    void startOrderAndHealthChecks() {
        JsonNode keycloak = services.get("keycloak");
        assertThat(keycloak.get("depends_on")
                        .get("keycloak-db")
                        .get("condition")
                        .asText())
                .isEqualTo("service_healthy");
        assertThat(keycloak.get("depends_on")
                        .get("app-db-schema")
                        .get("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.get("app-db-schema")
                        .get("depends_on")
                        .get("app-db")
                        .get("condition")
                        .asText())
                .isEqualTo("service_healthy");
        for (String name : List.of("keycloak", "keycloak-db", "app-db", "kafka", "connect")) {
            assertThat(services.get(name).get("healthcheck").get("test").toString())
                    .as(name + " health check")
                    .isNotBlank();
        }
        assertThat(keycloak.get("environment").get("KC_HEALTH_ENABLED").asText())
                .isEqualTo("true");
        assertThat(keycloak.get("command").toString()).contains("--import-realm");
    }

    @Test
    void everyMountedPathExistsAndTheBundleHasItsBuiltName() {
        List<String> sources = new ArrayList<>();
        services.fields().forEachRemaining(service -> {
            JsonNode volumes = service.getValue().get("volumes");
            if (volumes != null) {
                volumes.forEach(v -> sources.add(v.asText().split(":")[0]));
            }
        });
        assertThat(sources).isNotEmpty().allSatisfy(source -> {
            assertThat(source).startsWith("./");
            assertThat(ROOT.resolve(source)).as(source).exists();
        });
        String bundle = "./bundle/target/identity-bridge-keycloak-" + System.getProperty("it.project.version") + ".jar";
        assertThat(services.get("keycloak").get("volumes").toString())
                .contains(bundle + ":/opt/keycloak/providers/")
                .contains("./realm-export:/opt/keycloak/data/import");
        assertThat(ROOT.resolve(
                        "user-storage-provider/src/main/resources/META-INF/identity-bridge/db/users-changelog.xml"))
                .as("the changelog app-db-schema applies")
                .exists();
    }

    @Test
    void keycloakGetsEveryEnvironmentVariableTheDemoRealmReads() throws IOException {
        Set<String> used = new HashSet<>();
        Matcher m = REALM_ENV.matcher(Files.readString(ROOT.resolve("realm-export/demo-realm.json")));
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).contains("IDB_APP_JDBC_URL", "IDB_APP_DB_USER", "IDB_APP_DB_PASSWORD");
        assertThat(names(services.get("keycloak").get("environment"))).containsAll(used);
        assertThat(services.get("keycloak")
                        .get("environment")
                        .get("IDB_APP_JDBC_URL")
                        .asText())
                .isEqualTo("jdbc:postgresql://app-db:5432/app");
    }

    @Test
    void theRelayReadsTheOutboxTableWithTheOutboxEventRouter() throws IOException {
        JsonNode connector = Http.json(Files.readString(ROOT.resolve("docker/debezium/outbox-connector.json")));
        assertThat(connector.get("table.include.list").asText()).isEqualTo("public.identity_outbox");
        assertThat(connector.get("transforms.outbox.type").asText())
                .isEqualTo("io.debezium.transforms.outbox.EventRouter");
        assertThat(connector.get("database.hostname").asText()).isEqualTo("keycloak-db");
        assertThat(services.get("connect-init").get("command").toString()).contains("http://connect:8083/connectors/");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
