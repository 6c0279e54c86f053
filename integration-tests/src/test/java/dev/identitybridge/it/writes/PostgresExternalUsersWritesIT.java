package dev.identitybridge.it.writes;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresExternalUsersWritesIT extends ExternalUsersWritesSuite {

    @Override
    protected AppDatabase createDatabase() throws Exception {
        return new PostgresAppDatabase();
    }

    @Override
    protected String leg() {
        return "postgres";
    }
}
