package dev.identitybridge.keycloak.users.metrics;

import dev.identitybridge.keycloak.users.password.PasswordCheckOutcome;
import java.util.Locale;

/** The {@code outcome} tag of {@code identity_bridge_password_check_seconds}: what one password check came to. */
public enum PasswordOutcome {
    /** The password matched the stored hash. */
    VALID,
    /** A wrong password, or the app row is gone or disabled in the app table. */
    INVALID,
    /**
     * No usable hash: none stored, an unknown or malformed format, a legacy format while legacy hashes are off, or costs
     * above the operator's limits.
     */
    UNSUPPORTED,
    /** Argon2 capacity (cores, memory budget) did not become free in time; nothing was verified. */
    BUSY,
    /** The stored hash could not be read: the app database is unreachable. */
    UNAVAILABLE;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }

    /** The outcome of a check that got as far as the stored hash. */
    public static PasswordOutcome of(PasswordCheckOutcome check) {
        return switch (check) {
            case MATCH -> VALID;
            case MISMATCH -> INVALID;
            case BUSY -> BUSY;
            case UNKNOWN_FORMAT, MALFORMED_HASH, LEGACY_NOT_ALLOWED, COST_ABOVE_LIMIT -> UNSUPPORTED;
        };
    }
}
