package dev.identitybridge.it.registration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link VerifyEmailRegistrationSuite} on each database leg that {@code -Dit.databases} asks for. */
class VerifyEmailRegistrationIT {

    @Nested
    @Tag("h2")
    class H2 extends VerifyEmailRegistrationSuite {}

    @Nested
    @Tag("postgres")
    class Postgres extends VerifyEmailRegistrationSuite {}

    @Nested
    @Tag("mariadb")
    class MariaDb extends VerifyEmailRegistrationSuite {}
}
