package dev.identitybridge.keycloak.users.api;

import java.util.Optional;

/**
 * What linking a Keycloak subject into an app row's auth id column came to. The link policy: a subject is written
 * only into an empty auth id column, with a guarded update (the column must still be empty), and never over
 * another subject; the table's unique index on the column keeps one subject on one row.
 */
public enum LinkOutcome {
    /** This call wrote the link. */
    LINKED,
    /** The row already holds this subject: nothing to write. */
    ALREADY_LINKED,
    /** The row holds another subject, which is kept. */
    LINKED_TO_ANOTHER,
    /** The row was linked or removed since it was read: nothing written. */
    CHANGED_MEANWHILE,
    /** Another row already holds the subject (unique auth id): nothing written. */
    SUBJECT_TAKEN;

    /**
     * What linking {@code authId} to a row that holds {@code storedAuthId} comes to without writing anything:
     * empty when the row's column is empty, so the link is to be written.
     */
    public static Optional<LinkOutcome> withoutWrite(String storedAuthId, String authId) {
        if (storedAuthId == null || storedAuthId.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(storedAuthId.equals(authId) ? ALREADY_LINKED : LINKED_TO_ANOTHER);
    }
}
