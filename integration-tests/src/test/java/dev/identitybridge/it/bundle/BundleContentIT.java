package dev.identitybridge.it.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one JAR an operator deploys: our classes and resources only, service files merged. */
@Tag("bundle")
class BundleContentIT {

    private static final Path BUNDLE =
            Path.of(System.getProperty("keycloak.home"), "providers", "identity-bridge-keycloak.jar");

    @Test
    void containsOnlyIdentityBridgeClassesAndResources() throws IOException {
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names)
                    .contains(
                            "dev/identitybridge/keycloak/users/ExternalUsersProviderFactory.class",
                            "META-INF/identity-bridge/db/users-changelog.xml",
                            "dev/identitybridge/keycloak/events/OutboxEventListenerProviderFactory.class",
                            "META-INF/identity-bridge/outbox/outbox-changelog.xml",
                            "META-INF/identity-bridge/outbox/outbox-payload.schema.json");
            assertThat(names)
                    .allSatisfy(name -> assertThat(name)
                            .matches("(dev/|dev/identitybridge/.*|META-INF/.*|theme/(identity-bridge/.*)?)"));
            assertThat(names)
                    .contains(
                            "META-INF/keycloak-themes.json",
                            "theme/identity-bridge/login/theme.properties",
                            "theme/identity-bridge/login/messages/messages_de.properties");
            assertThat(names).noneMatch(name -> name.startsWith("META-INF/maven/"));
        }
    }

    @Test
    void registersTheUserStorageProviderFactory() throws IOException {
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            ZipEntry services = jar.getEntry("META-INF/services/org.keycloak.storage.UserStorageProviderFactory");
            assertThat(services).isNotNull();
            String content = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(content.lines().map(String::trim).filter(l -> !l.isEmpty()))
                    .containsExactly("dev.identitybridge.keycloak.users.ExternalUsersProviderFactory");
        }
    }

    @Test
    void registersTheOutboxListenerAndItsJpaEntities() throws IOException {
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            assertThat(serviceLines(jar, "org.keycloak.events.EventListenerProviderFactory"))
                    .containsExactly("dev.identitybridge.keycloak.events.OutboxEventListenerProviderFactory");
            assertThat(serviceLines(jar, "org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory"))
                    .containsExactly("dev.identitybridge.keycloak.events.OutboxJpaEntityProviderFactory");
        }
    }

    private static List<String> serviceLines(JarFile jar, String service) throws IOException {
        ZipEntry entry = jar.getEntry("META-INF/services/" + service);
        assertThat(entry).as(service).isNotNull();
        return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .toList();
    }
}
