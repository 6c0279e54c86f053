package dev.identitybridge.keycloak.users.password;

import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Strict decoders for the pieces of stored hashes. Every failure is a {@link MalformedHashException}. */
final class Encodings {

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})*");
    private static final int MAX_DIGITS = 9; // keeps every accepted value well inside int

    private Encodings() {}

    /**
     * Standard base64 (RFC 4648 section 4), padding optional. Only the canonical encoding is accepted (unused
     * trailing bits must be zero, as libargon2 also demands), so each value has exactly one textual form.
     */
    static byte[] base64(String text, String what) {
        if (!BASE64.matcher(text).matches()) {
            throw new MalformedHashException(what + " is not base64");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedHashException(what + " is not base64");
        }
        String canonical = Base64.getEncoder().encodeToString(decoded);
        if (!text.equals(canonical) && !text.equals(canonical.replace("=", ""))) {
            throw new MalformedHashException(what + " is not canonical base64");
        }
        return decoded;
    }

    /** passlib's "adapted base64": standard base64 with {@code .} instead of {@code +} and no padding. */
    static byte[] adaptedBase64(String text, String what) {
        return base64(text.replace('.', '+'), what);
    }

    /** Encodes in passlib's adapted base64 ({@link #adaptedBase64(String, String)} reads it back). */
    static String toAdaptedBase64(byte[] value) {
        return Base64.getEncoder().withoutPadding().encodeToString(value).replace('+', '.');
    }

    /** Hexadecimal, either case, even length. */
    static byte[] hex(String text, String what) {
        if (!HEX.matcher(text).matches()) {
            throw new MalformedHashException(what + " is not hex");
        }
        return HexFormat.of().parseHex(text);
    }

    /** A decimal number of ASCII digits within {@code [min, max]}. */
    static int decimal(String text, int min, int max, String what) {
        if (text.isEmpty() || text.length() > MAX_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedHashException(what + " is not a number");
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw new MalformedHashException(what + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    /** Checks the length of a decoded byte field. */
    static byte[] lengthBetween(byte[] value, int min, int max, String what) {
        if (value.length < min || value.length > max) {
            throw new MalformedHashException(what + " length is out of range [" + min + ", " + max + "]");
        }
        return value;
    }
}
