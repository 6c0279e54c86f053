package dev.identitybridge.it.harness;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A suite written once and run once per database leg. The suite is abstract; its {@code …IT} class holds one
 * {@code @Nested} subclass per leg, tagged with the leg's id, e.g.
 * <pre>
 * class IdentityResourceIT {
 *     &#64;Nested &#64;Tag("h2") class H2 extends IdentityResourceSuite {}
 *     &#64;Nested &#64;Tag("postgres") class Postgres extends IdentityResourceSuite {}
 *     &#64;Nested &#64;Tag("mariadb") class MariaDb extends IdentityResourceSuite {}
 * }
 * </pre>
 * Failsafe runs the legs whose tags {@code -Dit.databases} lists, each in its own instance with its own
 * {@code @BeforeAll} (so one server start per leg where the suite starts one, the shared server otherwise); the report
 * names each test by its leg class ({@code IdentityResourceIT$Postgres}). The tag is the only place the leg is named:
 * {@link #databaseLeg} is read from it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseLegSuite {

    protected final DatabaseLeg databaseLeg = DatabaseLeg.of(getClass());

    /** The leg's id ({@code h2}, {@code postgres}, {@code mariadb}), which suites put in realm and user names. */
    protected String leg() {
        return databaseLeg.id();
    }

    /** Runs before the suite's own {@code @BeforeAll}: a requested leg whose database is down fails here. */
    @BeforeAll
    void requireRequestedLegReachable() {
        DatabaseLeg.requested();
        databaseLeg.requireReachable();
    }
}
