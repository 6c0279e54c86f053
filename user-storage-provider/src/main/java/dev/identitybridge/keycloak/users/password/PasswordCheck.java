package dev.identitybridge.keycloak.users.password;

import java.util.Objects;

/**
 * The outcome of {@link PasswordHashVerifier#check(String, String)}.
 *
 * @param outcome what happened, never null
 * @param format  the detected format of the stored hash; null when the format is unknown
 * @param detail  for {@link PasswordCheckOutcome#COST_ABOVE_LIMIT}, the parameters above the limits (never the hash);
 *                else null
 */
public record PasswordCheck(PasswordCheckOutcome outcome, HashFormat format, String detail) {

    public PasswordCheck {
        Objects.requireNonNull(outcome, "outcome");
    }

    public PasswordCheck(PasswordCheckOutcome outcome, HashFormat format) {
        this(outcome, format, null);
    }

    /** True only when the password matched the stored hash. */
    public boolean matches() {
        return outcome == PasswordCheckOutcome.MATCH;
    }
}
