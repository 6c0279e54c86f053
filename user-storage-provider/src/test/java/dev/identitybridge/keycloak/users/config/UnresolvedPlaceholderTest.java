package dev.identitybridge.keycloak.users.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A realm file's {@code ${NAME:default}} JDBC URL that an import left unresolved parses, and is recognised as such. */
class UnresolvedPlaceholderTest {

    private static ConnectionSettings connection(String url) {
        return ExternalUsersConfig.parse(Map.of(ConfigKeys.JDBC_URL, List.of(url)))
                .connection();
    }

    @Test
    void placeholderWithDefaultParsesAndNamesOnlyItsVariable() {
        ConnectionSettings settings = connection("${IDB_APP_JDBC_URL:jdbc:postgresql://u:S3cr3t@db:5432/app}");
        assertThat(settings.unresolvedPlaceholder()).isTrue();
        assertThat(settings.placeholderName()).isEqualTo("IDB_APP_JDBC_URL");
    }

    @Test
    void placeholderWithoutDefault() {
        ConnectionSettings settings = connection("${APP_URL}");
        assertThat(settings.unresolvedPlaceholder()).isTrue();
        assertThat(settings.placeholderName()).isEqualTo("APP_URL");
    }

    @Test
    void realUrlIsNoPlaceholder() {
        assertThat(connection("jdbc:h2:mem:x").unresolvedPlaceholder()).isFalse();
    }

    @Test
    void otherTextIsStillRefused() {
        assertThatThrownBy(() -> connection("${unterminated"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("must start with 'jdbc:'");
        assertThatThrownBy(() -> connection("postgresql://db/app")).isInstanceOf(InvalidConfigException.class);
    }
}
