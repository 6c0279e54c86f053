package dev.identitybridge.it.abuse;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class AccountLinkAbusePostgresIT extends AccountLinkAbuseSuite {

    @Override
    protected AppDatabase createDatabase(String name) throws Exception {
        return new PostgresAppDatabase(name);
    }

    @Override
    protected String leg() {
        return "postgres";
    }
}
