package dev.identitybridge.keycloak.identity.metrics;

import dev.identitybridge.keycloak.identity.usecase.BackfillDecision;
import dev.identitybridge.keycloak.identity.usecase.Resolution;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The identity resource's meters on Keycloak's Micrometer registry, registered once at start-up (every series exists
 * from the first scrape, at zero): {@code identity_bridge_identity_request_seconds{endpoint,status}} (Prometheus
 * buckets), {@code identity_bridge_identity_users_total{endpoint,result}} (found, linked, provisioned) and
 * {@code identity_bridge_backfill_rows_total{outcome}} (decisions of backfill runs that write, dry runs excluded).
 */
public final class IdentityMetrics {

    public static final String REQUEST = "identity_bridge.identity.request";
    public static final String USERS = "identity_bridge.identity.users";
    public static final String BACKFILL_ROWS = "identity_bridge.backfill.rows";

    /** Token checks and one or two indexed statements: milliseconds; a backfill batch takes longer. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final Map<Endpoint, Map<StatusClass, Timer>> requests = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Map<Resolution.How, Counter>> users = new EnumMap<>(Endpoint.class);
    private final Map<BackfillDecision.Outcome, Counter> backfillRows = new EnumMap<>(BackfillDecision.Outcome.class);

    public IdentityMetrics(MeterRegistry registry) {
        for (Endpoint endpoint : Endpoint.values()) {
            Map<StatusClass, Timer> byStatus = new EnumMap<>(StatusClass.class);
            for (StatusClass status : StatusClass.values()) {
                byStatus.put(
                        status,
                        Timer.builder(REQUEST)
                                .description("Calls of the identity resource, by route and status class")
                                .tag("endpoint", endpoint.tag())
                                .tag("status", status.tag())
                                .serviceLevelObjectives(BUCKETS)
                                .register(registry));
            }
            requests.put(endpoint, byStatus);
        }
        for (Endpoint endpoint : new Endpoint[] {Endpoint.RESOLVE, Endpoint.BOOTSTRAP}) {
            Map<Resolution.How, Counter> byResult = new EnumMap<>(Resolution.How.class);
            for (Resolution.How how : Resolution.How.values()) {
                byResult.put(
                        how,
                        Counter.builder(USERS)
                                .description("App users resolve and bootstrap answered with, by how")
                                .tag("endpoint", endpoint.tag())
                                .tag("result", result(how))
                                .register(registry));
            }
            users.put(endpoint, byResult);
        }
        for (BackfillDecision.Outcome outcome : BackfillDecision.Outcome.values()) {
            backfillRows.put(
                    outcome,
                    Counter.builder(BACKFILL_ROWS)
                            .description("App users decided by backfill runs, by outcome")
                            .tag("outcome", outcome.code())
                            .register(registry));
        }
    }

    /** The {@code result} tag: {@code found}, {@code linked}, {@code provisioned} (a new app row). */
    static String result(Resolution.How how) {
        return how == Resolution.How.CREATED ? "provisioned" : how.name().toLowerCase(Locale.ROOT);
    }

    public void request(Endpoint endpoint, int status, long nanos) {
        requests.get(endpoint).get(StatusClass.of(status)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A resolve or bootstrap call answered with an app user. */
    public void resolved(Endpoint endpoint, Resolution.How how) {
        Map<Resolution.How, Counter> byResult = users.get(endpoint);
        if (byResult != null) {
            byResult.get(how).increment();
        }
    }

    public void backfillDecided(BackfillDecision.Outcome outcome) {
        backfillRows.get(outcome).increment();
    }
}
