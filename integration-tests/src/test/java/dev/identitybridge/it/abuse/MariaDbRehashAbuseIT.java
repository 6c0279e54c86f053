package dev.identitybridge.it.abuse;

import dev.identitybridge.it.harness.AppDatabase;
import dev.identitybridge.it.harness.MariaDbAppDatabase;
import org.junit.jupiter.api.Tag;

@Tag("mariadb")
class MariaDbRehashAbuseIT extends RehashAbuseSuite {

    @Override
    protected AppDatabase createDatabase() {
        return new MariaDbAppDatabase("h3_rehash_abuse");
    }

    @Override
    protected String leg() {
        return "mariadb";
    }
}
