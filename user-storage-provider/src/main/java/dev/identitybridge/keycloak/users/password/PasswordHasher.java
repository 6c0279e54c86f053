package dev.identitybridge.keycloak.users.password;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

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
    private final MemoryHardHashing admission;

    /** With the default Argon2 admission, for tests and tools outside a Keycloak server. */
    public PasswordHasher(HashingPolicy policy) {
        this(policy, MemoryHardHashing.defaults());
    }

    /**
     * @param policy    the algorithm and cost parameters of new hashes, never null
     * @param admission the server's admission to Argon2 computations
     */
    public PasswordHasher(HashingPolicy policy, MemoryHardHashing admission) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.workFactors = switch (policy.algorithm()) {
            case ARGON2ID ->
                new WorkFactors(0x13, policy.argon2MemoryKib(), policy.argon2Iterations(), policy.argon2Parallelism());
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
                case ARGON2ID -> Argon2Hash.writeArgon2id(admission, utf8, workFactors, salt, ARGON2_HASH_BYTES);
                case BCRYPT -> BcryptHash.write(utf8, salt, policy.bcryptCost());
                case PBKDF2_SHA256, PBKDF2_SHA512 ->
                    Pbkdf2Hash.writePasslib(policy.algorithm().format(), utf8, salt, workFactors.iterations());
            };
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    /**
     * Whether a stored hash that just matched {@code typedPassword} is re-written with this policy, by
     * {@link HashStrength}: only a weaker hash is (a weaker family, or the same family with no cost parameter above
     * the policy's and at least one below), so that a re-hash never lowers any parameter. A bcrypt hash that matched
     * a typed password longer than 72 UTF-8 bytes is only re-written as bcrypt (from the same 72 bytes), never in
     * another algorithm. Meant to be asked after a successful {@link PasswordHashVerifier#check(String, String)}.
     *
     * <p>Not a reason on its own: the bcrypt variant ({@code $2a$}, {@code $2b$} and {@code $2y$} compute the same),
     * the notation of a PBKDF2 hash (Django, Werkzeug, PHC or passlib) and salt or hash lengths.
     *
     * @return {@link RehashDecision#KEEP_UNREADABLE} for null, unknown and malformed hashes
     */
    public RehashDecision rehashDecision(String storedHash, String typedPassword) {
        Optional<PasswordHashVerifier.StoredParameters> parameters = PasswordHashVerifier.parameters(storedHash);
        if (parameters.isEmpty()) {
            return RehashDecision.KEEP_UNREADABLE;
        }
        HashFormat format = parameters.get().format();
        RehashDecision decision = HashStrength.of(format, parameters.get().workFactors())
                .against(HashStrength.of(policy.algorithm().format(), workFactors));
        boolean truncated = format == HashFormat.BCRYPT
                && typedPassword != null
                && typedPassword.getBytes(StandardCharsets.UTF_8).length > BcryptHash.MAX_PASSWORD_BYTES;
        if (decision.rewrite() && truncated && policy.algorithm() != HashAlgorithm.BCRYPT) {
            return RehashDecision.KEEP_BCRYPT_LONG_PASSWORD;
        }
        return decision;
    }
}
