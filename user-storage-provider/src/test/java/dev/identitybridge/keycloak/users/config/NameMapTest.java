package dev.identitybridge.keycloak.users.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameMapTest {

    private static final NameMap MAP =
            NameMap.parse("roleNameMap", Arrays.asList("ADMIN=admin", " SUPER = admin ", "", null, "editor=writer"));

    @Test
    void mappedNamesAreTranslatedAndOthersKept() {
        assertThat(MAP.keycloakName("ADMIN")).isEqualTo("admin");
        assertThat(MAP.keycloakName("SUPER")).isEqualTo("admin");
        assertThat(MAP.keycloakName("viewer")).isEqualTo("viewer");
        assertThat(MAP.keycloakName("editor")).isEqualTo("writer");
    }

    @Test
    void theAppNamesOfAKeycloakNameComeFromTheMapFirst() {
        assertThat(MAP.appNames("admin")).containsExactly("ADMIN", "SUPER", "admin");
        assertThat(MAP.appNames("viewer")).containsExactly("viewer");
        assertThat(MAP.appNames("writer")).containsExactly("editor", "writer");
        // "editor" is an app name mapped elsewhere: it does not stand for the Keycloak role "editor"
        assertThat(MAP.appNames("editor")).isEmpty();
        assertThat(MAP.targets()).containsExactlyInAnyOrder("admin", "writer");
    }

    @Test
    void nothingConfiguredIsTheEmptyMap() {
        assertThat(NameMap.parse("groupNameMap", null)).isSameAs(NameMap.EMPTY);
        assertThat(NameMap.parse("groupNameMap", List.of(" "))).isSameAs(NameMap.EMPTY);
    }
}
