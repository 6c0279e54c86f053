package dev.identitybridge.keycloak.users.metrics;

import java.util.Locale;

/** The {@code result} tag of {@code identity_bridge_rehash_total}: what became of one re-write of a weaker hash. */
public enum RehashResult {
    /** The new hash is stored. */
    WRITTEN,
    /** The stored hash had changed since it was verified (a concurrent password change): nothing was written. */
    SKIPPED,
    /** The write failed (app database unreachable, read-only, refused); the login went on with the old hash. */
    FAILED;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }
}
