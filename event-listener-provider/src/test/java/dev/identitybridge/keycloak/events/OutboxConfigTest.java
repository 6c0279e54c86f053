package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboxConfigTest {

    private static OutboxConfig parse(Map<String, String> options) {
        return OutboxConfig.parse(options::get);
    }

    @Test
    void defaultsWriteEveryUserEventButRefreshesAndNoAdminEventsOrPersonalData() {
        OutboxConfig config = OutboxConfig.defaults();
        assertThat(config.types())
                .hasSize(21)
                .contains(
                        OutboxType.LOGIN_SUCCEEDED,
                        OutboxType.LOGIN_FAILED,
                        OutboxType.USER_REGISTERED,
                        OutboxType.USER_PROVISIONED,
                        OutboxType.USER_LINKED,
                        OutboxType.CREDENTIAL_UPDATED,
                        OutboxType.CREDENTIAL_REMOVED,
                        OutboxType.SESSION_DELETED)
                .doesNotContain(
                        OutboxType.TOKEN_REFRESHED,
                        OutboxType.ADMIN_USER_CREATED,
                        OutboxType.ADMIN_USER_GROUP_ADDED,
                        OutboxType.ADMIN_USER_ROLE_GRANTED);
        assertThat(config.personalData()).isEmpty();
        assertThat(config.includes(PersonalData.EMAIL, "any")).isFalse();
        assertThat(config.retention()).isEqualTo(Retention.KEEP);
        assertThat(config.retentionPeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.synchronousCommit()).isFalse();
    }

    @Test
    void synchronousCommitIsTrueOrFalse() {
        assertThat(parse(Map.of("synchronous-commit", "true")).synchronousCommit())
                .isTrue();
        assertThat(parse(Map.of("synchronous-commit", " FALSE ")).synchronousCommit())
                .isFalse();
        assertThatThrownBy(() -> parse(Map.of("synchronous-commit", "yes")))
                .hasMessage(
                        "Invalid option spi-events-listener--outbox--synchronous-commit: 'yes' is not true or false");
    }

    @Test
    void includeAndExcludeTakeKeycloakNamesOrTypeNames() {
        OutboxConfig config = parse(Map.of(
                "include-types",
                "LOGIN, identity.login.failed.v1,REFRESH_TOKEN,REGISTER",
                "exclude-types",
                "register"));
        assertThat(config.types())
                .containsExactlyInAnyOrder(
                        OutboxType.LOGIN_SUCCEEDED, OutboxType.LOGIN_FAILED, OutboxType.TOKEN_REFRESHED);
    }

    @Test
    void adminEventsNeedTheSwitch() {
        assertThat(parse(Map.of("include-types", "identity.admin.user.created.v1"))
                        .types())
                .isEmpty();
        assertThat(parse(Map.of("admin-events", "true")).types())
                .contains(
                        OutboxType.ADMIN_USER_CREATED,
                        OutboxType.ADMIN_USER_UPDATED,
                        OutboxType.ADMIN_USER_DELETED,
                        OutboxType.ADMIN_USER_PASSWORD_RESET);
    }

    @Test
    void personalDataIsPerRealm() {
        OutboxConfig config = parse(Map.of("personal-data", "email,ip-address", "personal-data-realms", "shop, staff"));
        assertThat(config.includes(PersonalData.EMAIL, "shop")).isTrue();
        assertThat(config.includes(PersonalData.IP_ADDRESS, "staff")).isTrue();
        assertThat(config.includes(PersonalData.USERNAME, "shop")).isFalse();
        assertThat(config.includes(PersonalData.EMAIL, "other")).isFalse();
        assertThat(parse(Map.of("personal-data", "username")).includes(PersonalData.USERNAME, "any-realm"))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "90, PT1M30S",
        "30s, PT30S",
        "15m, PT15M",
        "2h, PT2H",
        "7d, PT168H",
        "500ms, PT0.5S",
        "PT1H, PT1H",
        "p1d, PT24H"
    })
    void durations(String text, Duration expected) {
        assertThat(OutboxConfig.duration(text)).isEqualTo(expected);
    }

    @Test
    void retentionModes() {
        OutboxConfig config =
                parse(Map.of("retention", "DELETE-AFTER-INSERT", "retention-period", "1h", "cleanup-interval", "10s"));
        assertThat(config.retention()).isEqualTo(Retention.DELETE_AFTER_INSERT);
        assertThat(config.retentionPeriod()).isEqualTo(Duration.ofHours(1));
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void excludedClientsAreClientIdsOrRealmSlashClientId() {
        OutboxConfig config = OutboxConfig.parse(Map.of("exclude-clients", " gateway , shop/web ")::get);
        assertThat(config.excludes("shop", "gateway")).isTrue();
        assertThat(config.excludes("other", "gateway")).isTrue();
        assertThat(config.excludes("shop", "web")).isTrue();
        assertThat(config.excludes("other", "web")).isFalse();
        assertThat(config.excludes("shop", null)).isFalse();
        assertThat(OutboxConfig.defaults().excludes("shop", "gateway")).isFalse();
        assertThatThrownBy(() -> OutboxConfig.parse(Map.of("exclude-clients", "a/b/c")::get))
                .hasMessageContaining("spi-events-listener--outbox--exclude-clients")
                .hasMessageContaining("a/b/c");
        assertThatThrownBy(() -> OutboxConfig.parse(Map.of("exclude-clients", "/web")::get))
                .hasMessageContaining("/web");
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> parse(Map.of("include-types", "LOGIN,LOGNI")))
                .hasMessage("Invalid option spi-events-listener--outbox--include-types: unknown event type 'LOGNI'");
        assertThatThrownBy(() -> parse(Map.of("retention", "forever")))
                .hasMessageStartingWith(
                        "Invalid option spi-events-listener--outbox--retention: must be 'keep' or 'delete-after-insert'");
        assertThatThrownBy(() -> parse(Map.of("retention-period", "a week")))
                .hasMessageStartingWith("Invalid option spi-events-listener--outbox--retention-period: not a duration");
        assertThatThrownBy(() -> parse(Map.of("personal-data", "phone")))
                .hasMessageStartingWith("Invalid option spi-events-listener--outbox--personal-data:");
        assertThatThrownBy(() -> parse(Map.of("cleanup-interval", "100ms")))
                .hasMessage("Invalid option spi-events-listener--outbox--cleanup-interval: must be at least 1s");
    }
}
