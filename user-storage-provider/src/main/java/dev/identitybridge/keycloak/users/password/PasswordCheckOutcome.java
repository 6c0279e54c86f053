package dev.identitybridge.keycloak.users.password;

/** The result of checking a password against a stored hash. */
public enum PasswordCheckOutcome {
    /** The password matches the stored hash. */
    MATCH,
    /** The stored hash is well-formed, but the password does not match it. */
    MISMATCH,
    /** The stored string is not in any recognised format (includes null and empty). */
    UNKNOWN_FORMAT,
    /** The stored string claims a recognised format but cannot be used (broken encoding, out-of-range cost, ...). */
    MALFORMED_HASH,
    /** The stored hash is in a legacy format and legacy hashes are not allowed. */
    LEGACY_NOT_ALLOWED,
    /** The stored hash costs more than the operator's {@link HashLimits} allow; nothing was computed. */
    COST_ABOVE_LIMIT,
    /** The Argon2 computation was not admitted in time (cores and memory budget busy, see {@link MemoryHardHashing}). */
    BUSY
}
