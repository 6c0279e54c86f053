package dev.identitybridge.it.abuse;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.PostgresAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresRehashAbuseIT extends RehashAbuseSuite {

    @Override
    protected AppDatabase createDatabase() {
        return new PostgresAppDatabase("h3_rehash_abuse");
    }

    @Override
    protected String leg() {
        return "postgres";
    }
}
