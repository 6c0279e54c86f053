package dev.identitybridge.keycloak.users.password;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt: {@code $2a$}, {@code $2b$} and {@code $2y$} followed by a two-digit cost and 53 characters of bcrypt
 * base64 (22 for the salt, 31 for the digest). The three variants compute the same digest for every password
 * Java can hand us (they only differ in historic bugs of particular C implementations).
 *
 * <p>Verification is BouncyCastle's {@link OpenBSDBCrypt#checkPassword(String, byte[])}, which accepts all three
 * variants, truncates passwords to 72 bytes like every other bcrypt, and compares in constant time.
 */
final class BcryptHash implements HashScheme {

    /** 2^20 rounds already take around a minute; anything above is a denial-of-service attempt. */
    static final int MAX_COST = 20;

    static final int MIN_COST = 4;
    /** bcrypt keys its cipher with at most this many password bytes; the rest is ignored. */
    static final int MAX_PASSWORD_BYTES = 72;

    private static final int SALT_BYTES = 16;

    private static final Pattern PREFIX = Pattern.compile("^\\$2[aby]\\$");
    private static final Pattern FULL = Pattern.compile("\\$2[aby]\\$([0-9]{2})\\$[./A-Za-z0-9]{53}");

    @Override
    public Optional<HashFormat> detect(String storedHash) {
        return PREFIX.matcher(storedHash).lookingAt() ? Optional.of(HashFormat.BCRYPT) : Optional.empty();
    }

    @Override
    public boolean matches(byte[] password, String storedHash) {
        workFactors(storedHash);
        return OpenBSDBCrypt.checkPassword(storedHash, password);
    }

    @Override
    public WorkFactors workFactors(String storedHash) {
        Matcher m = FULL.matcher(storedHash);
        if (!m.matches()) {
            throw new MalformedHashException("bcrypt hash is not $2?$cc$ followed by 53 bcrypt-base64 characters");
        }
        return WorkFactors.iterations(Encodings.decimal(m.group(1), MIN_COST, MAX_COST, "bcrypt cost"));
    }

    /**
     * Writes a new {@code $2b$} hash with BouncyCastle's {@link OpenBSDBCrypt#generate(String, byte[], byte[], int)}.
     * Only the first {@value #MAX_PASSWORD_BYTES} bytes of the password are used, as by every bcrypt and by
     * {@link #matches} (OpenBSD's bcrypt, PHP, Python's {@code bcrypt} before 5.0, bcryptjs); they are cut here
     * rather than left to the library, whose older versions refuse longer passwords.
     *
     * @param salt 16 bytes
     * @param cost within {@value #MIN_COST}..{@value #MAX_COST}
     */
    static String write(byte[] password, byte[] salt, int cost) {
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("bcrypt salt must be " + SALT_BYTES + " bytes");
        }
        byte[] used = password.length > MAX_PASSWORD_BYTES ? Arrays.copyOf(password, MAX_PASSWORD_BYTES) : password;
        try {
            return OpenBSDBCrypt.generate("2b", used, salt, cost);
        } finally {
            if (used != password) {
                Arrays.fill(used, (byte) 0);
            }
        }
    }
}
