package dev.identitybridge.keycloak.users.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * SHA-crypt as in glibc {@code crypt(3)}: {@code $5$[rounds=N$]<salt>$<43 chars>} (SHA-256) and
 * {@code $6$[rounds=N$]<salt>$<86 chars>} (SHA-512), computed with commons-codec's {@link Sha2Crypt}, which
 * re-creates the whole string; that string is compared in constant time. Legacy: far cheaper to brute-force than
 * bcrypt or Argon2 at the usual round counts.
 */
final class ShaCryptHash implements HashScheme {

    static final int MAX_ROUNDS = 10_000_000;
    /** glibc clamps smaller values to 1000 and writes 1000, so a smaller stored value was not written by it. */
    private static final int MIN_ROUNDS = 1000;
    /** The rounds of a hash without {@code rounds=}. */
    private static final int DEFAULT_ROUNDS = 5000;

    private static final Pattern FULL =
            Pattern.compile("\\$([56])\\$(?:rounds=([0-9]+)\\$)?[./0-9A-Za-z]{1,16}\\$([./0-9A-Za-z]+)");

    @Override
    public Optional<HashFormat> detect(String storedHash) {
        if (storedHash.startsWith("$5$")) {
            return Optional.of(HashFormat.SHA256_CRYPT);
        }
        if (storedHash.startsWith("$6$")) {
            return Optional.of(HashFormat.SHA512_CRYPT);
        }
        return Optional.empty();
    }

    @Override
    public boolean matches(byte[] password, String storedHash) {
        workFactors(storedHash);
        // Sha2Crypt reads "$5$[rounds=N$]salt" from the start of its salt argument and ignores the rest
        String actual = storedHash.startsWith("$5$")
                ? Sha2Crypt.sha256Crypt(password, storedHash)
                : Sha2Crypt.sha512Crypt(password, storedHash);
        return MessageDigest.isEqual(
                actual.getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** The rounds; {@value #DEFAULT_ROUNDS} when the hash does not name them. */
    @Override
    public WorkFactors workFactors(String storedHash) {
        Matcher m = FULL.matcher(storedHash);
        if (!m.matches()) {
            throw new MalformedHashException("SHA-crypt hash is not $5$/$6$[rounds=N$]salt$hash");
        }
        boolean sha256 = m.group(1).equals("5");
        if (m.group(3).length() != (sha256 ? 43 : 86)) {
            throw new MalformedHashException("SHA-crypt hash has the wrong length");
        }
        return WorkFactors.iterations(
                m.group(2) == null
                        ? DEFAULT_ROUNDS
                        : Encodings.decimal(m.group(2), MIN_ROUNDS, MAX_ROUNDS, "SHA-crypt rounds"));
    }
}
