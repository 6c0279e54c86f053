package dev.identitybridge.it.abuse;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.MariaDbAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("mariadb")
class AccountLinkAbuseMariaDbIT extends AccountLinkAbuseSuite {

    @Override
    protected AppDatabase createDatabase(String name) throws Exception {
        return new MariaDbAppDatabase(name);
    }

    @Override
    protected String leg() {
        return "mariadb";
    }
}
