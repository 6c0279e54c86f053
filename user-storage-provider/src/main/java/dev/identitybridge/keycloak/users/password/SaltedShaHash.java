package dev.identitybridge.keycloak.users.password;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/**
 * LDAP / Dovecot salted SHA-2: {@code {SSHA256}} or {@code {SSHA512}} followed by
 * {@code base64(sha(password || salt) || salt)} (as written by OpenLDAP's contrib module, Dovecot and passlib's
 * {@code ldap_salted_sha256/512}). The scheme tag is case-insensitive, as in LDAP. A single fast hash: legacy.
 */
final class SaltedShaHash implements HashScheme {

    private static final int MAX_SALT_BYTES = 512;

    private enum Tag {
        SSHA256("{SSHA256}", HashFormat.SALTED_SHA256, "SHA-256", 32),
        SSHA512("{SSHA512}", HashFormat.SALTED_SHA512, "SHA-512", 64);

        final String text;
        final HashFormat format;
        final String algorithm;
        final int digestBytes;

        Tag(String text, HashFormat format, String algorithm, int digestBytes) {
            this.text = text;
            this.format = format;
            this.algorithm = algorithm;
            this.digestBytes = digestBytes;
        }
    }

    @Override
    public Optional<HashFormat> detect(String storedHash) {
        return tag(storedHash).map(tag -> tag.format);
    }

    @Override
    public boolean matches(byte[] password, String storedHash) {
        Tag tag = tag(storedHash).orElseThrow(() -> new MalformedHashException("not a salted SHA hash"));
        byte[] decoded = decode(tag, storedHash);
        byte[] expected = Arrays.copyOfRange(decoded, 0, tag.digestBytes);
        byte[] salt = Arrays.copyOfRange(decoded, tag.digestBytes, decoded.length);

        MessageDigest digest = digest(tag.algorithm);
        digest.update(password);
        digest.update(salt);
        return MessageDigest.isEqual(digest.digest(), expected);
    }

    /** A single digest: no cost parameters. */
    @Override
    public WorkFactors workFactors(String storedHash) {
        decode(tag(storedHash).orElseThrow(() -> new MalformedHashException("not a salted SHA hash")), storedHash);
        return WorkFactors.NONE;
    }

    /** {@code digest || salt}, checked for length. */
    private static byte[] decode(Tag tag, String storedHash) {
        byte[] decoded = Encodings.base64(storedHash.substring(tag.text.length()), "salted SHA value");
        return Encodings.lengthBetween(
                decoded, tag.digestBytes + 1, tag.digestBytes + MAX_SALT_BYTES, "salted SHA value");
    }

    private static Optional<Tag> tag(String storedHash) {
        for (Tag tag : Tag.values()) {
            if (storedHash.regionMatches(true, 0, tag.text, 0, tag.text.length())) {
                return Optional.of(tag);
            }
        }
        return Optional.empty();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this JDK", e);
        }
    }
}
