package dev.identitybridge.it.identity;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link IdentityResourceSuite} on each database leg that {@code -Dit.databases} asks for. */
class IdentityResourceIT {

    @Nested
    @Tag("h2")
    class H2 extends IdentityResourceSuite {}

    @Nested
    @Tag("postgres")
    class Postgres extends IdentityResourceSuite {}

    @Nested
    @Tag("mariadb")
    class MariaDb extends IdentityResourceSuite {}
}
