package dev.identitybridge.keycloak.users.password;

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
    private static final int MIN_COST = 4;

    private static final Pattern PREFIX = Pattern.compile("^\\$2[aby]\\$");
    private static final Pattern FULL = Pattern.compile("\\$2[aby]\\$([0-9]{2})\\$[./A-Za-z0-9]{53}");

    @Override
    public Optional<HashFormat> detect(String storedHash) {
        return PREFIX.matcher(storedHash).lookingAt() ? Optional.of(HashFormat.BCRYPT) : Optional.empty();
    }

    @Override
    public boolean matches(byte[] password, String storedHash) {
        Matcher m = FULL.matcher(storedHash);
        if (!m.matches()) {
            throw new MalformedHashException("bcrypt hash is not $2?$cc$ followed by 53 bcrypt-base64 characters");
        }
        Encodings.decimal(m.group(1), MIN_COST, MAX_COST, "bcrypt cost");
        return OpenBSDBCrypt.checkPassword(storedHash, password);
    }
}
