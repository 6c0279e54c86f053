package dev.identitybridge.keycloak.users.password;

import java.util.Arrays;

/**
 * The strength of a hash as far as re-hashing is concerned: its family's rank and, within the family, a vector of
 * parameters where larger is stronger. Across families the rank decides (memory-hard Argon2 over bcrypt over PBKDF2
 * over the legacy single digests and SHA-crypt); within a family a hash is only weaker when none of its parameters
 * is larger and at least one is smaller, so a re-hash never lowers any parameter.
 *
 * <table>
 * <caption>Families and parameters</caption>
 * <tr><th>family (rank)</th><th>parameters, in order</th></tr>
 * <tr><td>legacy (0): salted SHA-256/512, SHA-crypt</td><td>none: always weaker than the configured algorithm</td></tr>
 * <tr><td>PBKDF2 (1)</td><td>digest (SHA-1 &lt; SHA-256 &lt; SHA-512), iterations</td></tr>
 * <tr><td>bcrypt (2)</td><td>cost</td></tr>
 * <tr><td>Argon2 (3)</td><td>variant (i &lt; id), version (0x10 &lt; 0x13), m, t, p</td></tr>
 * </table>
 */
record HashStrength(int familyRank, int[] parameters) {

    static HashStrength of(HashFormat format, WorkFactors factors) {
        return switch (format) {
            case SALTED_SHA256, SALTED_SHA512, SHA256_CRYPT, SHA512_CRYPT -> new HashStrength(0, new int[0]);
            case PBKDF2_SHA1 -> new HashStrength(1, new int[] {1, factors.iterations()});
            case PBKDF2_SHA256 -> new HashStrength(1, new int[] {2, factors.iterations()});
            case PBKDF2_SHA512 -> new HashStrength(1, new int[] {3, factors.iterations()});
            case BCRYPT -> new HashStrength(2, new int[] {factors.iterations()});
            case ARGON2I, ARGON2ID ->
                new HashStrength(3, new int[] {
                    format == HashFormat.ARGON2I ? 1 : 2,
                    factors.version(),
                    factors.memoryKib(),
                    factors.iterations(),
                    factors.parallelism()
                });
        };
    }

    /**
     * Whether a hash of this strength is re-written to {@code configured}: {@link RehashDecision#REWRITE},
     * {@link RehashDecision#KEEP_SAME} or {@link RehashDecision#KEEP_NOT_WEAKER}.
     */
    RehashDecision against(HashStrength configured) {
        if (familyRank != configured.familyRank) {
            return familyRank < configured.familyRank ? RehashDecision.REWRITE : RehashDecision.KEEP_NOT_WEAKER;
        }
        if (Arrays.equals(parameters, configured.parameters)) {
            return familyRank == 0 ? RehashDecision.REWRITE : RehashDecision.KEEP_SAME;
        }
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] > configured.parameters[i]) {
                return RehashDecision.KEEP_NOT_WEAKER;
            }
        }
        return RehashDecision.REWRITE;
    }
}
