package dev.identitybridge.keycloak.identity.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a backfill resumes: a component and the last app id examined in it ({@code null}: its start). Sent to
 * callers as an opaque base64url string.
 */
public record BackfillCursor(String componentId, String afterId) {

    private static final char SEPARATOR = '\n';

    public static BackfillCursor start(String componentId) {
        return new BackfillCursor(componentId, null);
    }

    public String encode() {
        String raw = componentId + SEPARATOR + (afterId == null ? "" : afterId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IdentityError 400 when {@code encoded} is not a cursor this API produced */
    public static BackfillCursor decode(String encoded) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int separator = raw.indexOf(SEPARATOR);
        if (separator <= 0) {
            throw invalid();
        }
        String afterId = raw.substring(separator + 1);
        return new BackfillCursor(raw.substring(0, separator), afterId.isEmpty() ? null : afterId);
    }

    private static IdentityError invalid() {
        return new IdentityError(ErrorCode.INVALID_REQUEST, "'after' is not a cursor returned by this API.");
    }
}
