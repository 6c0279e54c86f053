package dev.identitybridge.it.attributes;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link AttributeColumnsSuite} on each database leg that {@code -Dit.databases} asks for. */
class AttributeColumnsIT {

    @Nested
    @Tag("h2")
    class H2 extends AttributeColumnsSuite {}

    @Nested
    @Tag("postgres")
    class Postgres extends AttributeColumnsSuite {}

    @Nested
    @Tag("mariadb")
    class MariaDb extends AttributeColumnsSuite {}
}
