package dev.identitybridge.keycloak.identity.api;

/**
 * Body of {@code POST /resolve}: exactly one of {@code email} and {@code authId}; {@code provision} only with an
 * {@code authId}.
 */
public record ResolveRequest(String email, String authId, Boolean provision) {

    /** Longest auth id accepted (Keycloak ids are at most 36 characters, {@code f:} ids a little more). */
    public static final int MAX_AUTH_ID_LENGTH = 255;

    /** What to look up, once the request is known to be valid. */
    public sealed interface Lookup permits ByEmail, ByAuthId {}

    public record ByEmail(String email) implements Lookup {}

    public record ByAuthId(String authId, boolean provision) implements Lookup {}

    /** @throws IdentityError 400 when the request is not one of the two allowed shapes */
    public Lookup validate() {
        if ((email == null) == (authId == null)) {
            throw new IdentityError(ErrorCode.INVALID_REQUEST, "Give exactly one of 'email' and 'authId'.");
        }
        boolean provisioning = Boolean.TRUE.equals(provision);
        if (email != null) {
            if (provisioning) {
                throw new IdentityError(ErrorCode.INVALID_REQUEST, "'provision' needs an 'authId', not an 'email'.");
            }
            if (email.length() > Emails.MAX_LENGTH) {
                throw new IdentityError(
                        ErrorCode.VALUE_TOO_LONG, "'email' is longer than " + Emails.MAX_LENGTH + " characters.");
            }
            if (!Emails.isAddress(email.trim())) {
                throw new IdentityError(ErrorCode.INVALID_EMAIL, "'email' is not an email address.");
            }
            return new ByEmail(Emails.normalise(email));
        }
        return new ByAuthId(Identifiers.require("authId", authId, MAX_AUTH_ID_LENGTH), provisioning);
    }
}
