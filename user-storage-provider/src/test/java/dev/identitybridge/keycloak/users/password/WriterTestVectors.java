package dev.identitybridge.keycloak.users.password;

import java.util.HexFormat;
import java.util.List;

/**
 * The hashes in {@code password-vectors/writer-vectors.tsv}: written by other implementations with fixed salts, for
 * {@link PasswordHasher} to reproduce exactly (see the folder's README.md).
 */
final class WriterTestVectors {

    static final String RESOURCE = "/password-vectors/writer-vectors.tsv";
    private static final String HEADER = "algorithm\tparameters\tsalt\tpassword\thash\tproducer";

    /**
     * One row of the TSV.
     *
     * @param parameters {@code default}, or the cost parameters as {@code m=..,t=..,p=..}, {@code cost=..} or
     *                   {@code rounds=..}
     */
    record WriterVector(
            HashAlgorithm algorithm, String parameters, byte[] salt, String password, String hash, String producer) {

        /** The policy the row's cost parameters make. */
        HashingPolicy policy() {
            HashingPolicy defaults = HashingPolicy.defaults(algorithm);
            if (parameters.equals("default")) {
                return defaults;
            }
            int m = defaults.argon2MemoryKib();
            int t = defaults.argon2Iterations();
            int p = defaults.argon2Parallelism();
            int cost = defaults.bcryptCost();
            int rounds = defaults.pbkdf2Iterations();
            for (String pair : parameters.split(",")) {
                String[] kv = pair.split("=");
                int value = Integer.parseInt(kv[1]);
                switch (kv[0]) {
                    case "m" -> m = value;
                    case "t" -> t = value;
                    case "p" -> p = value;
                    case "cost" -> cost = value;
                    case "rounds" -> rounds = value;
                    default -> throw new IllegalStateException("unknown parameter in " + RESOURCE + ": " + pair);
                }
            }
            return new HashingPolicy(algorithm, m, t, p, cost, rounds);
        }

        @Override
        public String toString() {
            return algorithm.configValue() + " " + parameters + " by " + producer;
        }
    }

    private static final List<WriterVector> ALL = PasswordTestVectors.rows(RESOURCE, HEADER).stream()
            .map(f -> new WriterVector(
                    HashAlgorithm.fromConfig(f[0]), f[1], HexFormat.of().parseHex(f[2]), f[3], f[4], f[5]))
            .toList();

    private WriterTestVectors() {}

    static List<WriterVector> all() {
        return ALL;
    }
}
