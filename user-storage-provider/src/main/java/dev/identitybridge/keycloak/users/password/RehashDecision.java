package dev.identitybridge.keycloak.users.password;

/** Whether a stored hash that just matched is re-written with the configured algorithm, and why (see {@link HashStrength}). */
public enum RehashDecision {
    /** The stored hash is weaker: a weaker family, or the same family with no parameter above the configured one. */
    REWRITE(true),
    /** The stored hash has the configured algorithm and exactly its parameters. */
    KEEP_SAME,
    /** A stronger family, or the same family with at least one parameter above the configured one. */
    KEEP_NOT_WEAKER,
    /**
     * bcrypt matched on the first 72 bytes of a longer typed password: the rest was never verified, so it is never
     * hashed into another algorithm (a stronger bcrypt cost is still written, from the same 72 bytes).
     */
    KEEP_BCRYPT_LONG_PASSWORD,
    /** Null, unknown or malformed: nothing sensible to compare. */
    KEEP_UNREADABLE;

    private final boolean rewrite;

    RehashDecision() {
        this(false);
    }

    RehashDecision(boolean rewrite) {
        this.rewrite = rewrite;
    }

    public boolean rewrite() {
        return rewrite;
    }
}
