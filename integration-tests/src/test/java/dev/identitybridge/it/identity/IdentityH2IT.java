package dev.identitybridge.it.identity;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.H2AppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("h2")
class IdentityH2IT extends IdentityResourceSuite {

    @Override
    protected AppDatabase createDatabase(String name) throws Exception {
        return new H2AppDatabase();
    }

    @Override
    protected String leg() {
        return "h2";
    }
}
