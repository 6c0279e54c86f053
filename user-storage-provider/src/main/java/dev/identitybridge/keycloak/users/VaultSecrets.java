package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ConnectionSettings;
import org.keycloak.models.KeycloakSession;
import org.keycloak.vault.VaultStringSecret;

/** Resolves a configured password that may be a {@code ${vault.key}} reference into the secret itself. */
final class VaultSecrets {

    private VaultSecrets() {}

    static String resolve(KeycloakSession session, ConnectionSettings settings) {
        String expression = settings.passwordExpression();
        if (expression == null || expression.isEmpty()) {
            return expression;
        }
        try (VaultStringSecret secret = session.vault().getStringSecret(expression)) {
            return secret.get().orElse(null); // a vault reference that does not resolve yields no password
        }
    }
}
