package dev.identitybridge.keycloak.identity.api;

import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses at the boundary: validation, normalisation, and masking for logs. */
public final class Emails {

    /** RFC 5321 limits: 254 characters in all, 64 before the '@'. */
    public static final int MAX_LENGTH = 254;

    private static final int MAX_LOCAL_PART = 64;
    private static final Pattern ADDRESS =
            Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}.]+(\\.[^@\\s\\p{Cntrl}.]+)+");

    private Emails() {}

    /** The address trimmed and lower-cased, as app tables store it. */
    public static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isAddress(String email) {
        return email != null && ADDRESS.matcher(email).matches() && email.indexOf('@') <= MAX_LOCAL_PART;
    }

    /** {@code alice@example.com} becomes {@code a***@example.com}; never logs more than the first character and the domain. */
    public static String mask(String email) {
        if (email == null || email.isBlank()) {
            return "-";
        }
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }
}
