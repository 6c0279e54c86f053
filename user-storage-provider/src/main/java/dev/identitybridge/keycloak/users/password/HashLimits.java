package dev.identitybridge.keycloak.users.password;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The operator's bounds on password hashing, one set per Keycloak server (SPI options of the {@code external-users}
 * factory, never component options: a realm admin must not be able to spend the host's memory or CPU).
 *
 * @param maxArgon2MemoryKib  stored Argon2 hashes with a larger m are refused before hashing
 * @param maxArgon2Iterations stored Argon2 hashes with a larger t are refused before hashing
 * @param maxBcryptCost       stored bcrypt hashes with a larger cost are refused before hashing
 * @param maxPbkdf2Iterations stored PBKDF2 hashes (and SHA-crypt hashes) with more iterations (rounds) are refused
 * @param argon2BudgetKib     the sum of m over all Argon2 computations running at once, in KiB
 * @param argon2Wait          how long a computation waits for its share of the budget before the login fails
 */
public record HashLimits(
        int maxArgon2MemoryKib,
        int maxArgon2Iterations,
        int maxBcryptCost,
        int maxPbkdf2Iterations,
        long argon2BudgetKib,
        Duration argon2Wait) {

    public static final String MAX_ARGON2_MEMORY_KIB = "max-argon2-memory-kib";
    public static final String MAX_ARGON2_ITERATIONS = "max-argon2-iterations";
    public static final String MAX_BCRYPT_COST = "max-bcrypt-cost";
    public static final String MAX_PBKDF2_ITERATIONS = "max-pbkdf2-iterations";
    public static final String ARGON2_MEMORY_BUDGET_MIB = "argon2-memory-budget-mib";
    public static final String ARGON2_WAIT_TIMEOUT_MS = "argon2-wait-timeout-ms";

    public static final int DEFAULT_MAX_ARGON2_MEMORY_KIB = 131_072;
    public static final int DEFAULT_MAX_ARGON2_ITERATIONS = 10;
    public static final int DEFAULT_MAX_BCRYPT_COST = 14;
    public static final int DEFAULT_MAX_PBKDF2_ITERATIONS = 2_000_000;
    public static final int DEFAULT_ARGON2_WAIT_TIMEOUT_MS = 5_000;
    private static final int MIN_BUDGET_MIB = 1;
    private static final int MAX_WAIT_TIMEOUT_MS = 60_000;

    public HashLimits {
        if (argon2BudgetKib < 1 || argon2Wait.isNegative()) {
            throw new IllegalArgumentException("The Argon2 memory budget must be positive and the wait not negative");
        }
        // a stored hash that needs more than the whole budget could never run: the budget caps the maximum
        maxArgon2MemoryKib = (int) Math.min(maxArgon2MemoryKib, argon2BudgetKib);
    }

    /** The defaults: see the constants, and a budget of a quarter of this JVM's maximum heap. */
    public static HashLimits defaults() {
        return parse(name -> null);
    }

    /**
     * Reads the SPI options ({@code --spi-storage--external-users--<name>=…}); unset or blank options keep their
     * default.
     *
     * @throws IllegalArgumentException naming the option and its range when a value is not a number in range
     */
    public static HashLimits parse(UnaryOperator<String> option) {
        long defaultBudgetMib = Math.max(MIN_BUDGET_MIB, Runtime.getRuntime().maxMemory() / 4 / (1024 * 1024));
        return new HashLimits(
                number(
                        option,
                        MAX_ARGON2_MEMORY_KIB,
                        DEFAULT_MAX_ARGON2_MEMORY_KIB,
                        HashingPolicy.MIN_ARGON2_MEMORY_KIB,
                        Argon2Hash.MAX_MEMORY_KIB),
                number(option, MAX_ARGON2_ITERATIONS, DEFAULT_MAX_ARGON2_ITERATIONS, 1, Argon2Hash.MAX_ITERATIONS),
                number(option, MAX_BCRYPT_COST, DEFAULT_MAX_BCRYPT_COST, BcryptHash.MIN_COST, BcryptHash.MAX_COST),
                number(
                        option,
                        MAX_PBKDF2_ITERATIONS,
                        DEFAULT_MAX_PBKDF2_ITERATIONS,
                        HashingPolicy.MIN_PBKDF2_ITERATIONS,
                        Pbkdf2Hash.MAX_ITERATIONS),
                number(option, ARGON2_MEMORY_BUDGET_MIB, defaultBudgetMib, MIN_BUDGET_MIB, 1L << 30) * 1024,
                Duration.ofMillis(number(
                        option, ARGON2_WAIT_TIMEOUT_MS, DEFAULT_ARGON2_WAIT_TIMEOUT_MS, 0, MAX_WAIT_TIMEOUT_MS)));
    }

    /**
     * Why a stored hash costs more than these limits allow (names the parameter, never the hash), or empty when it
     * is within them. Formats without a cost (salted SHA) are always within.
     */
    Optional<String> exceeded(HashFormat format, WorkFactors stored) {
        List<String> over = new ArrayList<>();
        switch (format) {
            case ARGON2ID, ARGON2I -> {
                above(over, "argon2 memory (KiB)", stored.memoryKib(), maxArgon2MemoryKib);
                above(over, "argon2 iterations", stored.iterations(), maxArgon2Iterations);
            }
            case BCRYPT -> above(over, "bcrypt cost", stored.iterations(), maxBcryptCost);
            case PBKDF2_SHA1, PBKDF2_SHA256, PBKDF2_SHA512 ->
                above(over, "pbkdf2 iterations", stored.iterations(), maxPbkdf2Iterations);
            case SHA256_CRYPT, SHA512_CRYPT ->
                above(over, "SHA-crypt rounds", stored.iterations(), maxPbkdf2Iterations);
            case SALTED_SHA256, SALTED_SHA512 -> {
                // a single digest
            }
        }
        return over.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", over));
    }

    /**
     * The policy with each cost lowered to these limits where it is above them (a component saved before the
     * operator lowered a limit must not write hashes it would then refuse).
     */
    public HashingPolicy cap(HashingPolicy policy) {
        int pbkdf2 = policy.pbkdf2Iterations() == 0 && policy.effectivePbkdf2Iterations() > maxPbkdf2Iterations
                ? maxPbkdf2Iterations
                : policy.pbkdf2Iterations();
        return new HashingPolicy(
                policy.algorithm(),
                Math.min(policy.argon2MemoryKib(), maxArgon2MemoryKib),
                Math.min(policy.argon2Iterations(), maxArgon2Iterations),
                policy.argon2Parallelism(),
                Math.min(policy.bcryptCost(), maxBcryptCost),
                pbkdf2 == 0 ? 0 : Math.min(pbkdf2, maxPbkdf2Iterations));
    }

    /** Why the policy's costs are above these limits (for the admin console), or empty. */
    public Optional<String> exceededBy(HashingPolicy policy) {
        HashingPolicy capped = cap(policy);
        return capped.equals(policy)
                ? Optional.empty()
                : Optional.of("The password hash costs are above this server's "
                        + "maximum (Argon2 memory " + maxArgon2MemoryKib + " KiB, Argon2 iterations "
                        + maxArgon2Iterations
                        + ", bcrypt cost " + maxBcryptCost + ", PBKDF2 iterations " + maxPbkdf2Iterations
                        + "); the server operator sets these limits.");
    }

    private static void above(List<String> over, String what, int value, int max) {
        if (value > max) {
            over.add(what + " " + value + " > " + max);
        }
    }

    private static long number(UnaryOperator<String> option, String name, long preset, long min, long max) {
        String text = option.apply(name);
        if (text == null || text.isBlank()) {
            return preset;
        }
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SPI option " + name + " must be a whole number between " + min + " and "
                    + max + ", not '" + text.strip() + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "SPI option " + name + " must be between " + min + " and " + max + ", but is " + value);
        }
        return value;
    }

    private static int number(UnaryOperator<String> option, String name, int preset, int min, int max) {
        return (int) number(option, name, (long) preset, min, max);
    }
}
