package dev.identitybridge.keycloak.users.password;

/**
 * The algorithm new password hashes are written in, with its cost parameters. All parameters are validated whatever
 * the algorithm, so a configuration error shows up when it is saved, not when the algorithm is switched later.
 *
 * @param algorithm         the algorithm of new hashes
 * @param argon2MemoryKib   Argon2 memory (m) in KiB, {@value #MIN_ARGON2_MEMORY_KIB}..1048576; the minimum is at
 *                          least the 8 KiB per lane Argon2 needs at the maximum parallelism
 * @param argon2Iterations  Argon2 passes over the memory (t), 1..100
 * @param argon2Parallelism Argon2 lanes (p), 1..64
 * @param bcryptCost        bcrypt cost, the base-2 logarithm of the rounds, 4..20
 * @param pbkdf2Iterations  PBKDF2 iteration count, {@value #MIN_PBKDF2_ITERATIONS}..10000000, or 0 for the
 *                          algorithm's default (see {@link #effectivePbkdf2Iterations()})
 * @throws IllegalArgumentException when a parameter is out of range; the message names it and its range
 */
public record HashingPolicy(
        HashAlgorithm algorithm,
        int argon2MemoryKib,
        int argon2Iterations,
        int argon2Parallelism,
        int bcryptCost,
        int pbkdf2Iterations) {

    /** OWASP's Argon2id recommendation: 19 MiB, 2 passes, 1 lane. */
    public static final int DEFAULT_ARGON2_MEMORY_KIB = 19456;

    public static final int DEFAULT_ARGON2_ITERATIONS = 2;
    public static final int DEFAULT_ARGON2_PARALLELISM = 1;
    public static final int DEFAULT_BCRYPT_COST = 12;
    /** PBKDF2-HMAC-SHA256 iterations when none are configured (OWASP, Keycloak's {@code pbkdf2-sha256}). */
    public static final int DEFAULT_PBKDF2_SHA256_ITERATIONS = 600_000;
    /** PBKDF2-HMAC-SHA512 iterations when none are configured (OWASP, Keycloak's {@code pbkdf2-sha512}). */
    public static final int DEFAULT_PBKDF2_SHA512_ITERATIONS = 210_000;

    static final int MIN_ARGON2_MEMORY_KIB = 1024;
    static final int MIN_PBKDF2_ITERATIONS = 1000;

    public HashingPolicy {
        if (algorithm == null) {
            throw new IllegalArgumentException("A password hash algorithm is required");
        }
        inRange("Argon2 memory (KiB)", argon2MemoryKib, MIN_ARGON2_MEMORY_KIB, Argon2Hash.MAX_MEMORY_KIB);
        inRange("Argon2 iterations", argon2Iterations, 1, Argon2Hash.MAX_ITERATIONS);
        inRange("Argon2 parallelism", argon2Parallelism, 1, Argon2Hash.MAX_PARALLELISM);
        inRange("bcrypt cost", bcryptCost, BcryptHash.MIN_COST, BcryptHash.MAX_COST);
        if (pbkdf2Iterations != 0) {
            inRange(
                    "PBKDF2 iterations (0 for the default)",
                    pbkdf2Iterations,
                    MIN_PBKDF2_ITERATIONS,
                    Pbkdf2Hash.MAX_ITERATIONS);
        }
    }

    /** The given algorithm with the default cost parameters. */
    public static HashingPolicy defaults(HashAlgorithm algorithm) {
        return new HashingPolicy(
                algorithm,
                DEFAULT_ARGON2_MEMORY_KIB,
                DEFAULT_ARGON2_ITERATIONS,
                DEFAULT_ARGON2_PARALLELISM,
                DEFAULT_BCRYPT_COST,
                0);
    }

    /**
     * The PBKDF2 iteration count used: the configured one, else {@value #DEFAULT_PBKDF2_SHA256_ITERATIONS} for
     * {@code pbkdf2-sha256} and {@value #DEFAULT_PBKDF2_SHA512_ITERATIONS} for {@code pbkdf2-sha512}; 0 when
     * neither a count is configured nor the algorithm is PBKDF2.
     */
    public int effectivePbkdf2Iterations() {
        if (pbkdf2Iterations != 0) {
            return pbkdf2Iterations;
        }
        return switch (algorithm) {
            case PBKDF2_SHA256 -> DEFAULT_PBKDF2_SHA256_ITERATIONS;
            case PBKDF2_SHA512 -> DEFAULT_PBKDF2_SHA512_ITERATIONS;
            case ARGON2ID, BCRYPT -> 0;
        };
    }

    private static void inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", but is " + value);
        }
    }
}
