package dev.identitybridge.it.outbox;

import dev.identitybridge.it.harness.KeycloakDatabase;
import org.junit.jupiter.api.Tag;

/** The outbox suite with Keycloak's own database on MariaDb. */
@Tag("mariadb")
class MariaDbOutboxIT extends OutboxSuite {

    @Override
    protected KeycloakDatabase database() {
        return KeycloakDatabase.mariadb();
    }
}
