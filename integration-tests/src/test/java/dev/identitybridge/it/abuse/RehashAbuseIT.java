package dev.identitybridge.it.abuse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link RehashAbuseSuite} on each database leg that {@code -Dit.databases} asks for. */
class RehashAbuseIT {

    @Nested
    @Tag("h2")
    class H2 extends RehashAbuseSuite {}

    @Nested
    @Tag("postgres")
    class Postgres extends RehashAbuseSuite {}

    @Nested
    @Tag("mariadb")
    class MariaDb extends RehashAbuseSuite {}
}
