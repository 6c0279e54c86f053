package dev.identitybridge.keycloak.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityConfigTest {

    @Test
    void defaultsWhenNothingIsSet() {
        IdentityConfig config = IdentityConfig.parse(name -> null);
        assertThat(config).isEqualTo(new IdentityConfig("identity-bridge", "resolve-users", 500, 5, null));
        assertThat(IdentityConfig.defaults()).isEqualTo(config);
    }

    @Test
    void readsEveryOptionTrimmedAndBlankMeansDefault() {
        Map<String, String> options = Map.of(
                "resolve-client-id",
                " directory ",
                "resolve-role",
                "lookup",
                "backfill-batch-size",
                "50",
                "retry-after-seconds",
                " ",
                "required-audience",
                " identity-bridge ");
        assertThat(IdentityConfig.parse(options::get))
                .isEqualTo(new IdentityConfig("directory", "lookup", 50, 5, "identity-bridge"));
    }

    @Test
    void refusesInvalidValuesAtStartUp() {
        assertThatThrownBy(() -> IdentityConfig.parse(Map.of("backfill-batch-size", "many")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backfill-batch-size must be a number");
        assertThatThrownBy(() -> IdentityConfig.parse(Map.of("backfill-batch-size", "0")::get))
                .hasMessageContaining("between 1 and 5000");
        assertThatThrownBy(() -> IdentityConfig.parse(Map.of("backfill-batch-size", "5001")::get))
                .hasMessageContaining("between 1 and 5000");
        assertThatThrownBy(() -> IdentityConfig.parse(Map.of("retry-after-seconds", "-1")::get))
                .hasMessageContaining("retry-after-seconds");
    }

    @Test
    void factoryDescribesEveryOptionWithItsDefault() {
        assertThat(new IdentityResourceProviderFactory().getConfigMetadata())
                .extracting(p -> p.getName() + "=" + p.getDefaultValue())
                .containsExactly(
                        "resolve-client-id=identity-bridge",
                        "resolve-role=resolve-users",
                        "backfill-batch-size=500",
                        "retry-after-seconds=5",
                        "required-audience=null",
                        "metrics-enabled=true");
        assertThat(new IdentityResourceProviderFactory().getId()).isEqualTo("identity");
    }
}
