package dev.identitybridge.keycloak.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters on Keycloak's Micrometer registry (scraped from {@code /metrics} when {@code --metrics-enabled=true}):
 * {@code identity_bridge_outbox_events_written_total{type}} counts rows whose transaction committed,
 * {@code identity_bridge_outbox_events_failed_total{type}} events the listener could not write; with retention
 * {@code keep}, {@code identity_bridge_outbox_oldest_row_age_seconds} ({@link OutboxAgeProbe}).
 */
final class OutboxMetrics {

    static final String WRITTEN = "identity_bridge.outbox.events.written";
    static final String FAILED = "identity_bridge.outbox.events.failed";
    static final String OLDEST_ROW_AGE = "identity_bridge.outbox.oldest.row.age";

    private final MeterRegistry registry;

    private final Map<OutboxType, Counter> written = new EnumMap<>(OutboxType.class);
    private final Map<OutboxType, Counter> failed = new EnumMap<>(OutboxType.class);

    OutboxMetrics(MeterRegistry registry, Iterable<OutboxType> types) {
        this.registry = registry;
        for (OutboxType type : types) {
            written.put(
                    type,
                    Counter.builder(WRITTEN)
                            .description("Outbox rows committed, by type")
                            .tag("type", type.typeName())
                            .register(registry));
            failed.put(
                    type,
                    Counter.builder(FAILED)
                            .description("Events the outbox listener could not write, by type")
                            .tag("type", type.typeName())
                            .register(registry));
        }
    }

    void oldestRowAge(OutboxAgeProbe probe) {
        Gauge.builder(OLDEST_ROW_AGE, probe, OutboxAgeProbe::ageSeconds)
                .baseUnit("seconds")
                .strongReference(true)
                .description("Age of the oldest identity_outbox row (retention keep), measured on this node")
                .register(registry);
    }

    void written(OutboxType type) {
        increment(written, type);
    }

    void failed(OutboxType type) {
        increment(failed, type);
    }

    private static void increment(Map<OutboxType, Counter> counters, OutboxType type) {
        Counter counter = counters.get(type);
        if (counter != null) {
            counter.increment();
        }
    }
}
