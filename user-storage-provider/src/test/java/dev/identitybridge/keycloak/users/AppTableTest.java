package dev.identitybridge.keycloak.users;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests on one H2 app table per test class; each test makes its own users, with names no other test uses. */
abstract class AppTableTest {

    static AppTableFixture appTable;

    @BeforeAll
    static void createAppTable() throws Exception {
        appTable = new AppTableFixture();
    }

    @AfterAll
    static void dropAppTable() throws Exception {
        appTable.close();
    }

    static String uniqueName() {
        return "u" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A stored app user: enabled, email verified, named Ada Lovelace, with a weak hash of {@link AppTableFixture#PASSWORD}. */
    static String storedUser() throws Exception {
        String name = uniqueName();
        return appTable.insert(name, name + "@example.com", "Ada", "Lovelace", true);
    }

    static Map<String, Object> row(String id) throws Exception {
        return appTable.row(id).orElseThrow();
    }
}
