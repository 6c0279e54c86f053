package dev.identitybridge.it.users;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.MariaDbAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("mariadb")
class MariaDbExternalUsersIT extends ExternalUsersSuite {

    @Override
    protected AppDatabase createDatabase() throws Exception {
        return new MariaDbAppDatabase();
    }

    @Override
    protected String leg() {
        return "mariadb";
    }
}
