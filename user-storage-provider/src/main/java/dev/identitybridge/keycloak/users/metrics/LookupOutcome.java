package dev.identitybridge.keycloak.users.metrics;

import java.util.Locale;

/** The {@code outcome} tag of {@code identity_bridge_user_lookup_seconds}: what one lookup of an app user came to. */
public enum LookupOutcome {
    /** One row answered. */
    FOUND,
    /** No row (or nothing to look up, e.g. an id the id column cannot hold). */
    NOT_FOUND,
    /** The app database could not be reached (or the availability guard failed the call fast). */
    UNAVAILABLE,
    /** The statement failed for another reason (e.g. a missing column, two rows for one username). */
    ERROR;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }
}
