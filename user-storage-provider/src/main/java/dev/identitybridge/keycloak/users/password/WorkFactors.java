package dev.identitybridge.keycloak.users.password;

/**
 * The cost parameters written in a stored hash, read from the string alone (nothing is computed). Each format uses
 * the fields it has and leaves the others 0:
 * <ul>
 * <li>Argon2: {@code version} (0x10 or 0x13), {@code memoryKib} (m), {@code iterations} (t),
 * {@code parallelism} (p);</li>
 * <li>bcrypt: {@code iterations} is the cost, the base-2 logarithm of the rounds;</li>
 * <li>PBKDF2 and SHA-crypt: {@code iterations} is the iteration / rounds count;</li>
 * <li>salted SHA: nothing, it has no cost.</li>
 * </ul>
 * Two hashes of the same format with equal work factors cost the same to compute.
 */
record WorkFactors(int version, int memoryKib, int iterations, int parallelism) {

    /** Work factors of a format without any. */
    static final WorkFactors NONE = new WorkFactors(0, 0, 0, 0);

    /** A format whose only cost parameter is an iteration count (or bcrypt's cost). */
    static WorkFactors iterations(int iterations) {
        return new WorkFactors(0, 0, iterations, 0);
    }
}
