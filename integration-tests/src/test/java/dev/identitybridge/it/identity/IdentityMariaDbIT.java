package dev.identitybridge.it.identity;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.MariaDbAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("mariadb")
class IdentityMariaDbIT extends IdentityResourceSuite {

    @Override
    protected AppDatabase createDatabase(String name) {
        return new MariaDbAppDatabase(name);
    }

    @Override
    protected String leg() {
        return "mariadb";
    }
}
