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

    private record Prefix(String text, HashFormat format, Pbkdf2Notation notation) {}

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
        Stored stored = parse(storedHash);
        Pbkdf2Notation.Parsed parsed = stored.parsed();
        byte[] actual = derive(stored.format(), password, parsed.salt(), parsed.iterations(), parsed.hash().length);
        return MessageDigest.isEqual(actual, parsed.hash());
    }

    @Override
    public WorkFactors workFactors(String storedHash) {
        return WorkFactors.iterations(parse(storedHash).parsed().iterations());
    }

    /**
     * Writes a new hash in passlib's modular notation, {@code $pbkdf2-sha256$<rounds>$<ab64 salt>$<ab64 hash>}, as
     * passlib's {@code pbkdf2_sha256} / {@code pbkdf2_sha512} do: the hash is as long as the PRF's digest.
     *
     * @param format     {@link HashFormat#PBKDF2_SHA256} or {@link HashFormat#PBKDF2_SHA512}
     * @param iterations within 1..{@value #MAX_ITERATIONS}
     */
    static String writePasslib(HashFormat format, byte[] password, byte[] salt, int iterations) {
        String prefix = PREFIXES.stream()
                .filter(p -> p.format() == format && p.notation() == Pbkdf2Notation.MODULAR)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a pbkdf2 format: " + format))
                .text();
        byte[] hash = derive(format, password, salt, iterations, digestBytes(format));
        return prefix + iterations + "$" + Encodings.toAdaptedBase64(salt) + "$" + Encodings.toAdaptedBase64(hash);
    }

    /** A parsed stored hash and the format its prefix names. */
    private record Stored(HashFormat format, Pbkdf2Notation.Parsed parsed) {}

    private static Stored parse(String storedHash) {
        Prefix prefix = prefix(storedHash).orElseThrow(() -> new MalformedHashException("not a pbkdf2 hash"));
        String[] fields = storedHash.substring(prefix.text().length()).split("\\$", -1);
        if (fields.length != 3) {
            throw new MalformedHashException("pbkdf2 hash does not have the fields cost$salt$hash");
        }
        return new Stored(
                prefix.format(),
                prefix.notation().parse(fields[0], fields[1], fields[2], digestBytes(prefix.format())));
    }

    private static Optional<Prefix> prefix(String storedHash) {
        return PREFIXES.stream().filter(p -> storedHash.startsWith(p.text())).findFirst();
    }

    private static byte[] derive(HashFormat format, byte[] password, byte[] salt, int iterations, int hashBytes) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
        char[] chars = new char[decoded.remaining()];
        decoded.get(chars);
        if (decoded.hasArray()) {
            Arrays.fill(decoded.array(), '\0');
        }
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, hashBytes * 8);
        Arrays.fill(chars, '\0');
        try {
            return SecretKeyFactory.getInstance(algorithm(format))
                    .generateSecret(spec)
                    .getEncoded();
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
