package dev.identitybridge.keycloak.users.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordReentryTest {

    private static Map<String, List<String>> config(String url, String user, String password) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of(url));
        if (user != null) {
            config.put(ConfigKeys.DB_USER, List.of(user));
        }
        if (password != null) {
            config.put(ConfigKeys.DB_PASSWORD, List.of(password));
        }
        return config;
    }

    private static final Map<String, List<String>> STORED = config("jdbc:postgresql://db/app", "app", "stored-secret");

    @Test
    void storedPasswordDoesNotFollowANewUrlOrUser() {
        // Keycloak has already replaced the masked field with the stored password
        assertThatThrownBy(() ->
                        PasswordReentry.check(STORED, config("jdbc:postgresql://evil/app", "app", "stored-secret")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("enter the database password again");
        assertThatThrownBy(() ->
                        PasswordReentry.check(STORED, config("jdbc:postgresql://db/app", "postgres", "stored-secret")))
                .hasMessageContaining("enter the database password again");
        assertThatThrownBy(() -> PasswordReentry.check(
                        STORED, config("jdbc:postgresql://db/app?sslmode=disable", "app", "stored-secret")))
                .hasMessageContaining("enter the database password again");
        assertThatThrownBy(
                        () -> PasswordReentry.check(STORED, config("jdbc:postgresql://db/app", null, "stored-secret")))
                .hasMessageContaining("enter the database password again");
    }

    @Test
    void aNewPasswordOrAnUnchangedTargetIsAccepted() {
        assertThatCode(() -> PasswordReentry.check(STORED, config("jdbc:postgresql://db2/app", "app", "typed-again")))
                .doesNotThrowAnyException();
        assertThatCode(() ->
                        PasswordReentry.check(STORED, config(" jdbc:postgresql://db/app ", "app", "stored-secret")))
                .doesNotThrowAnyException();
        assertThatCode(() -> PasswordReentry.check(STORED, config("jdbc:postgresql://db2/app", "app", null)))
                .doesNotThrowAnyException();
        assertThatCode(() -> PasswordReentry.check(null, config("jdbc:postgresql://db2/app", "app", "new")))
                .doesNotThrowAnyException();
    }

    @Test
    void vaultReferencesMayStay() {
        Map<String, List<String>> vaulted = config("jdbc:postgresql://db/app", "app", "${vault.app_db}");
        assertThatCode(() ->
                        PasswordReentry.check(vaulted, config("jdbc:postgresql://db2/app", "app", "${vault.app_db}")))
                .doesNotThrowAnyException();
    }

    @Test
    void theMaskItselfIsNeverAPassword() {
        assertThatThrownBy(() -> PasswordReentry.check(null, config("jdbc:postgresql://db/app", "app", "**********")))
                .hasMessageContaining("masked placeholder");
    }
}
