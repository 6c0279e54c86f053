package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OutboxAgeProbeTest {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void ageIsMeasuredFromTheOldestRowAtScrapeTime() {
        OutboxAgeProbe probe = new OutboxAgeProbe(Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(probe.ageSeconds()).as("not measured yet").isZero();
        probe.record(NOW.minusSeconds(90).minusMillis(500));
        assertThat(probe.ageSeconds()).isEqualTo(90.5);
        probe.record(null);
        assertThat(probe.ageSeconds()).as("empty table").isZero();
        probe.record(NOW.plusSeconds(5));
        assertThat(probe.ageSeconds()).as("a row from a clock ahead").isZero();
    }

    @Test
    void queriesAtMostEveryCleanupIntervalAndAtLeastEveryThirtySeconds() {
        assertThat(OutboxAgeProbe.interval(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(OutboxAgeProbe.interval(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(30));
    }
}
