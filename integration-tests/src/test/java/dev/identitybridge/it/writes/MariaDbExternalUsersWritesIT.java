package dev.identitybridge.it.writes;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.MariaDbAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("mariadb")
class MariaDbExternalUsersWritesIT extends ExternalUsersWritesSuite {

    @Override
    protected AppDatabase createDatabase() throws Exception {
        return new MariaDbAppDatabase();
    }

    @Override
    protected String generatedIdColumn() {
        return "BIGINT AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    protected String leg() {
        return "mariadb";
    }
}
