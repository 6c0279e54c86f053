package dev.identitybridge.keycloak.users.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.api.AppDatabaseUnavailableException;
import dev.identitybridge.keycloak.users.password.PasswordCheckOutcome;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.Driver;
import org.junit.jupiter.api.Test;

class ComponentMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyStoredHashOutcomeHasAPasswordOutcome() {
        assertThat(PasswordOutcome.of(PasswordCheckOutcome.MATCH)).isEqualTo(PasswordOutcome.VALID);
        assertThat(PasswordOutcome.of(PasswordCheckOutcome.MISMATCH)).isEqualTo(PasswordOutcome.INVALID);
        assertThat(PasswordOutcome.of(PasswordCheckOutcome.BUSY)).isEqualTo(PasswordOutcome.BUSY);
        for (PasswordCheckOutcome unusable : new PasswordCheckOutcome[] {
            PasswordCheckOutcome.UNKNOWN_FORMAT,
            PasswordCheckOutcome.MALFORMED_HASH,
            PasswordCheckOutcome.LEGACY_NOT_ALLOWED,
            PasswordCheckOutcome.COST_ABOVE_LIMIT
        }) {
            assertThat(PasswordOutcome.of(unusable)).as(unusable.name()).isEqualTo(PasswordOutcome.UNSUPPORTED);
        }
        assertThat(PasswordOutcome.UNSUPPORTED.tag()).isEqualTo("unsupported");
        assertThat(LookupOutcome.NOT_FOUND.tag()).isEqualTo("not_found");
    }

    @Test
    void lookupsAreTimedUnderTheirOutcome() {
        ComponentMetrics metrics = new ComponentMetrics(registry, "demo", "app users", "bcrypt");
        assertThat(metrics.timeLookup(() -> Optional.of("row"))).contains("row");
        assertThat(metrics.timeLookup(Optional::empty)).isEmpty();
        assertThatThrownBy(() -> metrics.timeLookup(() -> {
                    throw new AppDatabaseUnavailableException("down", null);
                }))
                .isInstanceOf(AppDatabaseUnavailableException.class);
        assertThatThrownBy(() -> metrics.timeLookup(() -> {
                    throw new IllegalStateException("two rows");
                }))
                .isInstanceOf(IllegalStateException.class);

        for (LookupOutcome outcome : LookupOutcome.values()) {
            assertThat(registry.get(ComponentMetrics.LOOKUP)
                            .tags("component", "app users", "realm", "demo", "outcome", outcome.tag())
                            .timer()
                            .count())
                    .as(outcome.tag())
                    .isEqualTo(1);
        }
    }

    @Test
    void rehashesAreCountedByReplacedFormatAndConfiguredAlgorithm() {
        ComponentMetrics metrics = new ComponentMetrics(registry, "demo", "app users", "argon2id");
        metrics.rehashed("salted_sha256", RehashResult.WRITTEN);
        metrics.rehashed("salted_sha256", RehashResult.WRITTEN);
        metrics.rehashed("salted_sha256", RehashResult.FAILED);
        metrics.rehashed("bcrypt", RehashResult.WRITTEN);
        assertThat(registry.get(ComponentMetrics.REHASH)
                        .tags("algorithm", "argon2id", "from", "salted_sha256", "result", "written")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get(ComponentMetrics.REHASH)
                        .tags("from", "salted_sha256", "result", "failed")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(ComponentMetrics.REHASH)
                        .tags("from", "bcrypt", "result", "written")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(ComponentMetrics.REHASH)
                        .tags("from", "bcrypt", "result", "failed")
                        .counter()
                        .count())
                .as("every result's series exists from the first re-hash of a format on, for alert rules")
                .isZero();
    }

    @Test
    void availabilityFollowsTheGuard() {
        AtomicBoolean available = new AtomicBoolean(true);
        ComponentMetrics metrics = new ComponentMetrics(registry, "demo", "app users", "bcrypt");
        metrics.bindAvailability(available::get);
        assertThat(registry.get(ComponentMetrics.AVAILABLE).gauge().value()).isEqualTo(1);
        available.set(false);
        assertThat(registry.get(ComponentMetrics.AVAILABLE).gauge().value()).isZero();
    }

    @Test
    void poolGaugesReadTheComponentsOwnPool() throws Exception {
        try (AgroalDataSource pool = pool(3)) {
            ComponentMetrics metrics = new ComponentMetrics(registry, "demo", "app users", "bcrypt");
            metrics.bindPool(pool);
            try (Connection held = pool.getConnection()) { // NOPMD UnusedLocalVariable: held open, counted as active
                assertThat(poolGauge("active")).isEqualTo(1);
                assertThat(poolGauge("max")).isEqualTo(3);
                assertThat(poolGauge("waiting")).isZero();
            }
            assertThat(poolGauge("active")).isZero();
            assertThat(poolGauge("idle")).isEqualTo(1);
        }
    }

    /** A removed component, or the old runtime of a reconfigured one, leaves no meter behind. */
    @Test
    void closingRemovesEveryMeterAndTheSuccessorRegistersItsOwn() throws Exception {
        try (AgroalDataSource oldPool = pool(3);
                AgroalDataSource newPool = pool(7)) {
            ComponentMetrics old = new ComponentMetrics(registry, "demo", "app users", "bcrypt");
            old.bindAvailability(() -> false);
            old.bindPool(oldPool);
            old.rehashed("bcrypt", RehashResult.WRITTEN);
            assertThat(registry.getMeters()).isNotEmpty();

            old.close(); // as ComponentRuntimes does, before the new runtime's meters
            assertThat(registry.getMeters()).isEmpty();
            old.rehashed("pbkdf2_sha1", RehashResult.WRITTEN);
            assertThat(registry.getMeters())
                    .as("nothing registered by a closed component")
                    .isEmpty();

            ComponentMetrics successor = new ComponentMetrics(registry, "demo", "app users", "bcrypt");
            successor.bindAvailability(() -> true);
            successor.bindPool(newPool);
            assertThat(poolGauge("max")).isEqualTo(7);
            assertThat(registry.get(ComponentMetrics.AVAILABLE).gauge().value()).isEqualTo(1);
            assertThat(registry.find(ComponentMetrics.REHASH).counters()).isEmpty();

            successor.close();
            assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
        }
    }

    private double poolGauge(String state) {
        return registry.get(ComponentMetrics.POOL_CONNECTIONS)
                .tags("component", "app users", "state", state)
                .gauge()
                .value();
    }

    private static AgroalDataSource pool(int maxSize) throws Exception {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .metricsEnabled(true)
                .connectionPoolConfiguration(p -> p.maxSize(maxSize)
                        .connectionFactoryConfiguration(f ->
                                f.jdbcUrl("jdbc:h2:mem:metrics-" + maxSize).connectionProviderClass(Driver.class))));
    }
}
