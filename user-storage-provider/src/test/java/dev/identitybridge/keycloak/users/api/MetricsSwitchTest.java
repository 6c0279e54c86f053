package dev.identitybridge.keycloak.users.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsSwitchTest {

    private final SimpleMeterRegistry keycloaks = new SimpleMeterRegistry();

    @AfterEach
    void detach() {
        Metrics.globalRegistry.remove(keycloaks);
    }

    @Test
    void onByDefaultOffOnlyWhenSaidSo() {
        assertThat(MetricsSwitch.enabled(name -> null)).isTrue();
        assertThat(MetricsSwitch.enabled(Map.of(MetricsSwitch.OPTION, "true")::get))
                .isTrue();
        assertThat(MetricsSwitch.enabled(Map.of(MetricsSwitch.OPTION, " FALSE ")::get))
                .isFalse();
        assertThatThrownBy(() -> MetricsSwitch.enabled(Map.of(MetricsSwitch.OPTION, "no")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid option metrics-enabled: 'no' is neither true nor false");
    }

    @Test
    void switchedOffMetersReachNoRegistryOfKeycloak() {
        Metrics.addRegistry(keycloaks);

        MetricsSwitch.registry(false).counter("identity_bridge.test").increment();
        MetricsSwitch.registry(true).counter("identity_bridge.test.on").increment();

        assertThat(keycloaks.find("identity_bridge.test").counter()).isNull();
        assertThat(keycloaks.get("identity_bridge.test.on").counter().count()).isEqualTo(1.0);
    }
}
