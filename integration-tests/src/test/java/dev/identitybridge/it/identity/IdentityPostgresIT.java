package dev.identitybridge.it.identity;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class IdentityPostgresIT extends IdentityResourceSuite {

    @Override
    protected AppDatabase createDatabase(String name) {
        return new PostgresAppDatabase(name);
    }

    @Override
    protected String leg() {
        return "postgres";
    }
}
