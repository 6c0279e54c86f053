package dev.identitybridge.it.users;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresExternalUsersIT extends ExternalUsersSuite {

    @Override
    protected AppDatabase createDatabase() throws Exception {
        return new PostgresAppDatabase();
    }

    @Override
    protected String leg() {
        return "postgres";
    }
}
