package dev.identitybridge.keycloak.users.password;

import java.util.Objects;

/**
 * The outcome of {@link PasswordHashVerifier#check(String, String)}.
 *
 * @param outcome what happened, never null
 * @param format  the detected format of the stored hash; null when the format is unknown
 */
public record PasswordCheck(PasswordCheckOutcome outcome, HashFormat format) {

    public PasswordCheck {
        Objects.requireNonNull(outcome, "outcome");
    }

    /** True only when the password matched the stored hash. */
    public boolean matches() {
        return outcome == PasswordCheckOutcome.MATCH;
    }
}
