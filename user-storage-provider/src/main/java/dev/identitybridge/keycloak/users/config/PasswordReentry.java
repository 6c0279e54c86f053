package dev.identitybridge.keycloak.users.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The stored database password never follows a changed JDBC URL or database user: a realm admin who points a
 * component at another database must type the password again (as Keycloak asks for an LDAP bind credential).
 * <p>
 * Keycloak merges an update before the provider sees it: a password field left masked
 * ({@value #MASKED}, {@code ComponentRepresentation.SECRET_VALUE}) is replaced by the stored password. So an update
 * whose URL or user changed while its password equals the stored one is refused. The same password typed again
 * cannot be told apart from the mask and is refused too; a {@code ${vault.…}} reference may stay (the realm admin
 * may name it anyway, and the secret stays in the operator's vault).
 */
public final class PasswordReentry {

    /** Keycloak's placeholder for a secret in the admin API and console ({@code ComponentRepresentation.SECRET_VALUE}). */
    public static final String MASKED = "**********";

    private PasswordReentry() {}

    /**
     * @param stored  the stored configuration, or null when the component is being created
     * @param updated the configuration about to be saved (masked secrets already replaced by Keycloak)
     * @throws InvalidConfigException when the password must be entered again
     */
    public static void check(Map<String, List<String>> stored, Map<String, List<String>> updated) {
        Optional<String> password = value(updated, ConfigKeys.DB_PASSWORD);
        if (password.filter(MASKED::equals).isPresent()) {
            throw new InvalidConfigException("The database password is the masked placeholder: enter the password.");
        }
        if (stored == null || password.isEmpty() || isVaultReference(password.get())) {
            return;
        }
        boolean targetChanged =
                !Objects.equals(trimmed(stored, ConfigKeys.JDBC_URL), trimmed(updated, ConfigKeys.JDBC_URL))
                        || !Objects.equals(trimmed(stored, ConfigKeys.DB_USER), trimmed(updated, ConfigKeys.DB_USER));
        if (targetChanged && password.equals(value(stored, ConfigKeys.DB_PASSWORD))) {
            throw new InvalidConfigException("The JDBC URL or the database user changed: enter the database password "
                    + "again (the stored password is never sent to another database; the unchanged field, or the same "
                    + "password typed again, is refused - use a ${vault.…} reference to keep one).");
        }
    }

    private static boolean isVaultReference(String value) {
        return value.startsWith("${vault.") && value.endsWith("}");
    }

    private static Optional<String> value(Map<String, List<String>> config, String key) {
        List<String> values = config.get(key);
        return values == null
                        || values.isEmpty()
                        || values.get(0) == null
                        || values.get(0).isEmpty()
                ? Optional.empty()
                : Optional.of(values.get(0));
    }

    private static Optional<String> trimmed(Map<String, List<String>> config, String key) {
        return value(config, key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
