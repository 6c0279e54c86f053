package dev.identitybridge.it.outbox;

import dev.identitybridge.it.harness.KeycloakDatabase;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;

/** The outbox suite with Keycloak's own database on H2. */
@Tag("h2")
class H2OutboxIT extends OutboxSuite {

    @Override
    protected KeycloakDatabase database() {
        return KeycloakDatabase.h2(Path.of(System.getProperty("it.work.dir", "target/it-work"), "outbox-h2-db"));
    }
}
