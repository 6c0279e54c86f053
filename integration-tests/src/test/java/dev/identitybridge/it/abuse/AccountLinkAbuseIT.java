package dev.identitybridge.it.abuse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link AccountLinkAbuseSuite} on each database leg that {@code -Dit.databases} asks for. */
class AccountLinkAbuseIT {

    @Nested
    @Tag("h2")
    class H2 extends AccountLinkAbuseSuite {}

    @Nested
    @Tag("postgres")
    class Postgres extends AccountLinkAbuseSuite {}

    @Nested
    @Tag("mariadb")
    class MariaDb extends AccountLinkAbuseSuite {}
}
