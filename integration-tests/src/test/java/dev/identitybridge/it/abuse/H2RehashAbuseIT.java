package dev.identitybridge.it.abuse;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.H2AppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("h2")
class H2RehashAbuseIT extends RehashAbuseSuite {

    @Override
    protected AppDatabase createDatabase() throws Exception {
        return new H2AppDatabase();
    }

    @Override
    protected String leg() {
        return "h2";
    }
}
