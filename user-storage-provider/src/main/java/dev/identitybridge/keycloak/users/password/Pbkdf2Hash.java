package dev.identitybridge.keycloak.users.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 with HMAC-SHA1/256/512 in the notations of Django, Werkzeug, passlib and the PHC string format, computed
 * with the JDK's {@code PBKDF2WithHmacSHA*} (which feeds the password to HMAC as UTF-8, like every producer).
 */
final class Pbkdf2Hash implements HashScheme {

    static final int MAX_ITERATIONS = 10_000_000;

    private record Prefix(String text, HashFormat format, Pbkdf2Notation notation) {
    }

    private static final List<Prefix> PREFIXES = List.of(
            new Prefix("pbkdf2_sha256$", HashFormat.PBKDF2_SHA256, Pbkdf2Notation.DJANGO),
            new Prefix("pbkdf2_sha1$", HashFormat.PBKDF2_SHA1, Pbkdf2Notation.DJANGO),
            new Prefix("pbkdf2:sha256:", HashFormat.PBKDF2_SHA256, Pbkdf2Notation.WERKZEUG),
            new Prefix("pbkdf2:sha512:", HashFormat.PBKDF2_SHA512, Pbkdf2Notation.WERKZEUG),
            new Prefix("pbkdf2:sha1:", HashFormat.PBKDF2_SHA1, Pbkdf2Notation.WERKZEUG),
            new Prefix("$pbkdf2-sha256$", HashFormat.PBKDF2_SHA256, Pbkdf2Notation.MODULAR),
            new Prefix("$pbkdf2-sha512$", HashFormat.PBKDF2_SHA512, Pbkdf2Notation.MODULAR),
            new Prefix("$pbkdf2-sha1$", HashFormat.PBKDF2_SHA1, Pbkdf2Notation.MODULAR),
            new Prefix("$pbkdf2$", HashFormat.PBKDF2_SHA1, Pbkdf2Notation.MODULAR));

    @Override
    public Optional<HashFormat> detect(String storedHash) {
        return prefix(storedHash).map(Prefix::format);
    }

    @Override
    public boolean matches(byte[] password, String storedHash) {
        Prefix prefix = prefix(storedHash).orElseThrow(() -> new MalformedHashException("not a pbkdf2 hash"));
        String[] fields = storedHash.substring(prefix.text().length()).split("\\$", -1);
        if (fields.length != 3) {
            throw new MalformedHashException("pbkdf2 hash does not have the fields cost$salt$hash");
        }
        Pbkdf2Notation.Parsed parsed = prefix.notation().parse(fields[0], fields[1], fields[2],
                digestBytes(prefix.format()));
        byte[] actual = derive(prefix.format(), password, parsed);
        return MessageDigest.isEqual(actual, parsed.hash());
    }

    private static Optional<Prefix> prefix(String storedHash) {
        return PREFIXES.stream().filter(p -> storedHash.startsWith(p.text())).findFirst();
    }

    private static byte[] derive(HashFormat format, byte[] password, Pbkdf2Notation.Parsed parsed) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        PBEKeySpec spec = new PBEKeySpec(chars, parsed.salt(), parsed.iterations(), parsed.hash().length * 8);
        Arrays.fill(chars, '\0');
        try {
            return SecretKeyFactory.getInstance(algorithm(format)).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static int digestBytes(HashFormat format) {
        return switch (format) {
            case PBKDF2_SHA256 -> 32;
            case PBKDF2_SHA512 -> 64;
            case PBKDF2_SHA1 -> 20;
            default -> throw new IllegalArgumentException("not a pbkdf2 format: " + format);
        };
    }

    private static String algorithm(HashFormat format) {
        return switch (format) {
            case PBKDF2_SHA256 -> "PBKDF2WithHmacSHA256";
            case PBKDF2_SHA512 -> "PBKDF2WithHmacSHA512";
            case PBKDF2_SHA1 -> "PBKDF2WithHmacSHA1";
            default -> throw new IllegalArgumentException("not a pbkdf2 format: " + format);
        };
    }
}
