package dev.identitybridge.it.writes;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link ExternalUsersWritesSuite} on each database leg that {@code -Dit.databases} asks for. */
class ExternalUsersWritesIT {

    @Nested
    @Tag("h2")
    class H2 extends ExternalUsersWritesSuite {}

    @Nested
    @Tag("postgres")
    class Postgres extends ExternalUsersWritesSuite {}

    @Nested
    @Tag("mariadb")
    class MariaDb extends ExternalUsersWritesSuite {

        @Override
        protected String generatedIdColumn() {
            return "BIGINT AUTO_INCREMENT PRIMARY KEY";
        }
    }
}
