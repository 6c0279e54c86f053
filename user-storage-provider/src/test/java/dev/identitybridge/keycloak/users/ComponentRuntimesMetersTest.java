package dev.identitybridge.keycloak.users;

import static dev.identitybridge.keycloak.users.KeycloakFakes.fake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.config.ConfigKeys;
import dev.identitybridge.keycloak.users.jdbc.ConnectionPolicy;
import dev.identitybridge.keycloak.users.metrics.ComponentMetrics;
import dev.identitybridge.keycloak.users.password.HashLimits;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmProvider;

/** A component's meters live exactly as long as its runtime: renamed, reconfigured or removed, nothing stale stays. */
class ComponentRuntimesMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KeycloakSession session = fake(
            KeycloakSession.class,
            Map.of("realms", a -> fake(RealmProvider.class, Map.of("getRealm", r -> KeycloakFakes.realm()))));
    private Server h2;
    private ComponentRuntimes runtimes;

    @BeforeEach
    void start() throws Exception {
        h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        runtimes = new ComponentRuntimes(
                HashLimits.defaults(),
                ConnectionPolicy.parse(option -> ConnectionPolicy.ALLOW_H2.equals(option) ? "true" : null),
                registry);
    }

    @AfterEach
    void stop() {
        runtimes.close();
        h2.stop();
    }

    @Test
    void renamingReconfiguringAndRemovingLeaveOnlyTheCurrentSeries() {
        ComponentModel model = model("app users", "3");
        runtimes.get(session, model);
        assertThat(poolGauge("app users", "max")).isEqualTo(3);
        assertThat(registry.get(ComponentMetrics.AVAILABLE)
                        .tags("realm", "test", "component", "app users")
                        .gauge()
                        .value())
                .isEqualTo(1);

        model.setName("customers");
        runtimes.get(session, model);
        assertThat(componentsWithSeries()).containsExactly("customers");
        assertThat(poolGauge("customers", "max")).isEqualTo(3);

        model.getConfig().putSingle(ConfigKeys.POOL_MAX_SIZE, "5");
        runtimes.get(session, model);
        assertThat(poolGauge("customers", "max")).as("the new pool's").isEqualTo(5);
        assertThat(registry.find(ComponentMetrics.POOL_CONNECTIONS).gauges()).hasSize(4);
        assertThat(registry.find(ComponentMetrics.LOOKUP).timers()).hasSize(4);

        runtimes.remove(model.getId());
        assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
    }

    private ComponentModel model(String name, String poolMax) {
        ComponentModel model = new ComponentModel();
        model.setId("component-1");
        model.setName(name);
        model.setParentId("realm-1");
        model.setProviderId(ExternalUsersProviderFactory.PROVIDER_ID);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle(
                ConfigKeys.JDBC_URL,
                "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:runtimes-meters;DB_CLOSE_DELAY=-1");
        config.putSingle(ConfigKeys.POOL_MAX_SIZE, poolMax);
        model.setConfig(config);
        return model;
    }

    private double poolGauge(String component, String state) {
        return registry.get(ComponentMetrics.POOL_CONNECTIONS)
                .tags("component", component, "state", state)
                .gauge()
                .value();
    }

    private java.util.Set<String> componentsWithSeries() {
        return registry.getMeters().stream()
                .map(m -> m.getId().getTag("component"))
                .collect(java.util.stream.Collectors.toSet());
    }
}
