package dev.identitybridge.it.abuse;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.H2AppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("h2")
class AccountLinkAbuseH2IT extends AccountLinkAbuseSuite {

    @Override
    protected AppDatabase createDatabase(String name) throws Exception {
        return new H2AppDatabase();
    }

    @Override
    protected String leg() {
        return "h2";
    }
}
