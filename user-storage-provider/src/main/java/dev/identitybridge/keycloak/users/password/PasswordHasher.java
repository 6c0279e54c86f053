package dev.identitybridge.keycloak.users.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes new password hashes in the algorithm of a {@link HashingPolicy}, in the formats other systems write and
 * {@link PasswordHashVerifier} reads, and tells whether a stored hash should be re-written. Thread-safe.
 *
 * <p>Formats written (salts are 16 random bytes, passwords are encoded as UTF-8):
 * <ul>
 * <li>argon2id: {@code $argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>}, base64 without padding, 32-byte hash
 * (libargon2 / argon2-cffi);</li>
 * <li>bcrypt: {@code $2b$<cost>$<salt and hash>} (BouncyCastle's {@code OpenBSDBCrypt}). Like every bcrypt, and
 * like the verifier, only the first 72 UTF-8 bytes of the password count: longer passwords are accepted and
 * truncated, so two passwords that share their first 72 bytes have the same hash;</li>
 * <li>pbkdf2-sha256 / pbkdf2-sha512: passlib's {@code $pbkdf2-sha256$<rounds>$<salt>$<hash>}, adapted base64,
 * hash as long as the digest (32 / 64 bytes).</li>
 * </ul>
 */
public final class PasswordHasher {

    /** Length of the random salt of every new hash. */
    static final int SALT_BYTES = 16;
    /** Length of an Argon2id hash, the libargon2 / argon2-cffi default. */
    static final int ARGON2_HASH_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HashingPolicy policy;
    private final WorkFactors workFactors;

    /** @param policy the algorithm and cost parameters of new hashes, never null */
    public PasswordHasher(HashingPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.workFactors = switch (policy.algorithm()) {
            case ARGON2ID -> new WorkFactors(0x13, policy.argon2MemoryKib(), policy.argon2Iterations(),
                    policy.argon2Parallelism());
            case BCRYPT -> WorkFactors.iterations(policy.bcryptCost());
            case PBKDF2_SHA256, PBKDF2_SHA512 -> WorkFactors.iterations(policy.effectivePbkdf2Iterations());
        };
    }

    /** The policy new hashes follow. */
    public HashingPolicy policy() {
        return policy;
    }

    /**
     * A new hash of the password with a fresh random salt ({@link SecureRandom}, {@value #SALT_BYTES} bytes).
     *
     * @param password the password, never null (may be empty)
     */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return hash(password, salt);
    }

    /**
     * A new hash of the password with the given salt, for tests against hashes other implementations wrote.
     *
     * @param salt 16 bytes for bcrypt, at least 8 for Argon2id, at least 1 for PBKDF2
     */
    String hash(String password, byte[] salt) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt, "salt");
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        try {
            return switch (policy.algorithm()) {
                case ARGON2ID -> Argon2Hash.writeArgon2id(utf8, workFactors, salt, ARGON2_HASH_BYTES);
                case BCRYPT -> BcryptHash.write(utf8, salt, policy.bcryptCost());
                case PBKDF2_SHA256, PBKDF2_SHA512 ->
                        Pbkdf2Hash.writePasslib(policy.algorithm().format(), utf8, salt, workFactors.iterations());
            };
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /**
     * Whether a stored hash that the verifier accepted should be re-written with this policy: when its format is
     * not the policy's algorithm (any other format, legacy ones and Argon2i included), or its cost parameters differ
     * from the policy's (Argon2 m, t, p or version {@code v=16}; bcrypt cost; PBKDF2 iteration count). Meant to be
     * asked after a successful {@link PasswordHashVerifier#check(String, String)}.
     *
     * <p>Not a reason on its own: the bcrypt variant ({@code $2a$}, {@code $2b$} and {@code $2y$} compute the same),
     * the notation of a PBKDF2 hash (Django, Werkzeug, PHC or passlib) and salt or hash lengths.
     *
     * @return false for null, unknown and malformed hashes, which there is nothing sensible to upgrade from
     */
    public boolean needsRehash(String storedHash) {
        return PasswordHashVerifier.parameters(storedHash)
                .map(stored -> stored.format() != policy.algorithm().format()
                        || !stored.workFactors().equals(workFactors))
                .orElse(false);
    }
}
