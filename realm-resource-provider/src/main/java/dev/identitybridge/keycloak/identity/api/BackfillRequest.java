package dev.identitybridge.keycloak.identity.api;

/**
 * Body of {@code POST /backfill} (every field optional; an empty body is a real run from the start).
 *
 * @param dryRun decide and report, but write nothing (neither links nor audit rows)
 * @param after  the {@code nextCursor} of the previous call, to resume
 * @param limit  rows to examine in this call, at most the configured batch size
 */
public record BackfillRequest(Boolean dryRun, String after, Integer limit) {

    public static final int MAX_CURSOR_LENGTH = 1024;

    public static BackfillRequest empty() {
        return new BackfillRequest(null, null, null);
    }

    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }

    /** @throws IdentityError 400 for a limit outside 1..{@code batchSize} or a malformed cursor */
    public int effectiveLimit(int batchSize) {
        if (limit == null) {
            return batchSize;
        }
        if (limit < 1 || limit > batchSize) {
            throw new IdentityError(ErrorCode.INVALID_REQUEST, "'limit' must be between 1 and " + batchSize + ".");
        }
        return limit;
    }

    public BackfillCursor cursor() {
        return after == null ? null : BackfillCursor.decode(Identifiers.require("after", after, MAX_CURSOR_LENGTH));
    }
}
