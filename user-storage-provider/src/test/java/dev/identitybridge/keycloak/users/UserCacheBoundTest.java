package dev.identitybridge.keycloak.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.InvalidConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;

class UserCacheBoundTest {

    private final UserCacheBound bound = new UserCacheBound(Duration.ofSeconds(60));

    @Test
    void parsesTheOption() {
        assertThat(UserCacheBound.parse(null).maxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(UserCacheBound.parse(" ").maxAge()).isEqualTo(Duration.ofSeconds(60));
        assertThat(UserCacheBound.parse("5s").maxAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(UserCacheBound.parse("5").maxAge()).isEqualTo(Duration.ofSeconds(5));
        assertThat(UserCacheBound.parse("500ms").maxAge()).isEqualTo(Duration.ofMillis(500));
        assertThat(UserCacheBound.parse("2m").maxAge()).isEqualTo(Duration.ofMinutes(2));
        for (String bad : new String[] {"0", "0s", "-5s", "5h", "soon", "1.5s"}) {
            assertThatThrownBy(() -> UserCacheBound.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(UserCacheBound.OPTION);
        }
    }

    @Test
    void defaultPolicyIsStoredAsTheBound() {
        for (Map<String, String> config :
                new Map[] {Map.of(), Map.of("cachePolicy", "DEFAULT"), Map.of("cachePolicy", "")}) {
            ComponentModel model = model(config);
            assertThat(bound.exceededBy(model)).isTrue();
            assertThat(bound.apply(model)).isPresent();
            assertThat(model.getConfig().getFirst("cachePolicy")).isEqualTo("MAX_LIFESPAN");
            assertThat(model.getConfig().getFirst("maxLifespan")).isEqualTo("60000");
            assertThat(bound.exceededBy(model)).isFalse();
        }
    }

    @Test
    void choicesWithinTheBoundAreKept() {
        for (Map<String, String> config : new Map[] {
            Map.of("cachePolicy", "NO_CACHE"),
            Map.of("cachePolicy", "MAX_LIFESPAN", "maxLifespan", "60000"),
            Map.of("cachePolicy", "MAX_LIFESPAN", "maxLifespan", "1000")
        }) {
            ComponentModel model = model(config);
            assertThat(bound.apply(model)).as(config.toString()).isEmpty();
            assertThat(model.getConfig().getFirst("cachePolicy")).isEqualTo(config.get("cachePolicy"));
            assertThat(model.getConfig().getFirst("maxLifespan")).isEqualTo(config.get("maxLifespan"));
            assertThat(bound.exceededBy(model)).isFalse();
        }
    }

    @Test
    void explicitLongerChoicesAreRefusedWithTheBoundInTheMessage() {
        for (Map<String, String> config : new Map[] {
            Map.of("cachePolicy", "MAX_LIFESPAN", "maxLifespan", "60001"),
            Map.of("cachePolicy", "MAX_LIFESPAN"),
            Map.of("cachePolicy", "MAX_LIFESPAN", "maxLifespan", "-1"),
            Map.of("cachePolicy", "EVICT_DAILY", "evictionHour", "3", "evictionMinute", "0"),
            Map.of("cachePolicy", "EVICT_WEEKLY", "evictionDay", "1")
        }) {
            ComponentModel model = model(config);
            assertThat(bound.exceededBy(model)).isTrue();
            assertThatThrownBy(() -> bound.apply(model))
                    .as(config.toString())
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("60000 ms");
            assertThat(model.getConfig().getFirst("cachePolicy")).isEqualTo(config.get("cachePolicy"));
        }
        assertThatThrownBy(() -> bound.apply(model(Map.of("cachePolicy", "FOREVER"))))
                .isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> bound.apply(model(Map.of("cachePolicy", "MAX_LIFESPAN", "maxLifespan", "a day"))))
                .isInstanceOf(InvalidConfigException.class);
    }

    private static ComponentModel model(Map<String, String> config) {
        ComponentModel model = new ComponentModel();
        model.setId("c1");
        config.forEach(model.getConfig()::putSingle);
        return model;
    }
}
