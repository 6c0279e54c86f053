package dev.identitybridge.it.joins;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link JoinTablesSuite} on each database leg that {@code -Dit.databases} asks for. */
class JoinTablesIT {

    @Nested
    @Tag("h2")
    class H2 extends JoinTablesSuite {}

    @Nested
    @Tag("postgres")
    class Postgres extends JoinTablesSuite {}

    @Nested
    @Tag("mariadb")
    class MariaDb extends JoinTablesSuite {}
}
