package dev.identitybridge.keycloak.identity.api;

/** Ids given by callers (auth ids, app user ids, cursors): not blank, bounded, printable. */
public final class Identifiers {

    private Identifiers() {}

    /** @throws IdentityError 400 when {@code value} is blank, too long or holds control characters */
    public static String require(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IdentityError(ErrorCode.INVALID_REQUEST, "'" + name + "' must not be empty.");
        }
        if (value.length() > maxLength) {
            throw new IdentityError(
                    ErrorCode.VALUE_TOO_LONG, "'" + name + "' is longer than " + maxLength + " characters.");
        }
        if (value.chars().anyMatch(Character::isISOControl) || !value.strip().equals(value)) {
            throw new IdentityError(
                    ErrorCode.INVALID_REQUEST,
                    "'" + name + "' holds spaces or control characters at its ends or inside.");
        }
        return value;
    }
}
