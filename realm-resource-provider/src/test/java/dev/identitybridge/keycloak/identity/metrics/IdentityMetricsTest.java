package dev.identitybridge.keycloak.identity.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.identity.usecase.BackfillDecision;
import dev.identitybridge.keycloak.identity.usecase.Resolution;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IdentityMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IdentityMetrics metrics = new IdentityMetrics(registry);

    @Test
    void statusClasses() {
        assertThat(StatusClass.of(200).tag()).isEqualTo("2xx");
        assertThat(StatusClass.of(201).tag()).isEqualTo("2xx");
        assertThat(StatusClass.of(404).tag()).isEqualTo("4xx");
        assertThat(StatusClass.of(409).tag()).isEqualTo("4xx");
        assertThat(StatusClass.of(503).tag()).isEqualTo("5xx");
        assertThat(StatusClass.of(302).tag())
                .as("never answered; not hidden among successes")
                .isEqualTo("5xx");
    }

    /** Route names, never paths: the support view's path carries an app user id. */
    @Test
    void endpointsAreRouteNames() {
        assertThat(Arrays.stream(Endpoint.values()).map(Endpoint::tag))
                .containsExactly("resolve", "bootstrap", "support", "backfill", "openapi", "unknown");
    }

    @Test
    void everySeriesExistsFromTheStart() {
        assertThat(registry.find(IdentityMetrics.REQUEST).timers())
                .hasSize(Endpoint.values().length * StatusClass.values().length);
        assertThat(registry.find(IdentityMetrics.USERS).counters()).hasSize(2 * Resolution.How.values().length);
        assertThat(registry.find(IdentityMetrics.BACKFILL_ROWS).counters())
                .hasSize(BackfillDecision.Outcome.values().length);
    }

    @Test
    void requestsResultsAndBackfillOutcomesAreCounted() {
        metrics.request(Endpoint.BOOTSTRAP, 201, 1_000_000);
        metrics.request(Endpoint.BOOTSTRAP, 409, 1_000_000);
        metrics.resolved(Endpoint.BOOTSTRAP, Resolution.How.CREATED);
        metrics.resolved(Endpoint.RESOLVE, Resolution.How.LINKED);
        metrics.resolved(Endpoint.SUPPORT, Resolution.How.FOUND); // not a resolving route: ignored
        metrics.backfillDecided(BackfillDecision.Outcome.NO_IDENTITY);

        assertThat(registry.get(IdentityMetrics.REQUEST)
                        .tags("endpoint", "bootstrap", "status", "2xx")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(IdentityMetrics.REQUEST)
                        .tags("endpoint", "bootstrap", "status", "4xx")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(IdentityMetrics.USERS)
                        .tags("endpoint", "bootstrap", "result", "provisioned")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(IdentityMetrics.USERS)
                        .tags("endpoint", "resolve", "result", "linked")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(IdentityMetrics.USERS).tags("result", "found").counters())
                .allMatch(c -> c.count() == 0);
        assertThat(registry.get(IdentityMetrics.BACKFILL_ROWS)
                        .tags("outcome", "no_identity")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
