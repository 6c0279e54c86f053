package dev.identitybridge.keycloak.users.password;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id and Argon2i in the PHC string form written by the reference implementation (libargon2, and so PHP,
 * argon2-cffi, ...): {@code $argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>}, salt and hash in standard base64
 * without padding. A missing {@code v=} means version 1.0 ({@code 0x10}), as in the reference decoder.
 */
final class Argon2Hash implements HashScheme {

    /** Memory cost limit in KiB (1 GiB). */
    static final int MAX_MEMORY_KIB = 1 << 20;

    static final int MAX_ITERATIONS = 100;
    static final int MAX_PARALLELISM = 64;
    static final int MIN_SALT_BYTES = 8;
    private static final int MIN_HASH_BYTES = 16;
    private static final int MAX_BYTES = 1024;

    private static final String ARGON2ID = "$argon2id$";
    private static final String ARGON2I = "$argon2i$";

    private final MemoryHardHashing admission;

    /** @param admission the server's admission to Argon2 computations (cores and memory budget) */
    Argon2Hash(MemoryHardHashing admission) {
        this.admission = admission;
    }

    @Override
    public Optional<HashFormat> detect(String storedHash) {
        if (storedHash.startsWith(ARGON2ID)) {
            return Optional.of(HashFormat.ARGON2ID);
        }
        if (storedHash.startsWith(ARGON2I)) {
            return Optional.of(HashFormat.ARGON2I);
        }
        return Optional.empty();
    }

    @Override
    public boolean matches(byte[] password, String storedHash) {
        Parsed stored = parse(storedHash);
        byte[] actual = derive(admission, password, stored.type(), stored.costs(), stored.salt(), stored.hash().length);
        return MessageDigest.isEqual(actual, stored.hash());
    }

    @Override
    public WorkFactors workFactors(String storedHash) {
        return parse(storedHash).costs();
    }

    /**
     * Writes a new Argon2id hash in the PHC string form of libargon2 ({@code v=19}), salt and hash in base64 without
     * padding, exactly as argon2-cffi's {@code hash_secret(..., type=Type.ID)} writes it.
     *
     * @param costs      memory, iterations and parallelism, within the limits {@link #matches} accepts; the version
     *                   is always 0x13
     * @param hashLength the number of hash bytes
     */
    static String writeArgon2id(
            MemoryHardHashing admission, byte[] password, WorkFactors costs, byte[] salt, int hashLength) {
        Encodings.lengthBetween(salt, MIN_SALT_BYTES, MAX_BYTES, "argon2 salt");
        WorkFactors v19 = new WorkFactors(
                Argon2Parameters.ARGON2_VERSION_13, costs.memoryKib(), costs.iterations(), costs.parallelism());
        byte[] hash = derive(admission, password, Argon2Parameters.ARGON2_id, v19, salt, hashLength);
        Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return ARGON2ID + "v=19$m=" + v19.memoryKib()
                + ",t=" + v19.iterations() + ",p=" + v19.parallelism() + "$" + base64.encodeToString(salt)
                + "$" + base64.encodeToString(hash);
    }

    /** A parsed stored hash: the Argon2 type ({@link Argon2Parameters#ARGON2_id} or {@code ARGON2_i}) and fields. */
    private record Parsed(int type, WorkFactors costs, byte[] salt, byte[] hash) {}

    private static Parsed parse(String storedHash) {
        int type = storedHash.startsWith(ARGON2ID) ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i;
        // "", type, [v=..], m=..,t=..,p=.., salt, hash
        String[] fields = storedHash.split("\\$", -1);
        int next = 2;
        int version = Argon2Parameters.ARGON2_VERSION_10;
        if (fields.length == 6) {
            version = version(fields[next++]);
        } else if (fields.length != 5) {
            throw new MalformedHashException("argon2 hash does not have the fields [v=..$]m=..,t=..,p=..$salt$hash");
        }
        Map<String, String> costs = costs(fields[next++]);
        int memory = Encodings.decimal(costs.get("m"), 1, MAX_MEMORY_KIB, "argon2 memory");
        int iterations = Encodings.decimal(costs.get("t"), 1, MAX_ITERATIONS, "argon2 iterations");
        int parallelism = Encodings.decimal(costs.get("p"), 1, MAX_PARALLELISM, "argon2 parallelism");
        if (memory < 8 * parallelism) {
            throw new MalformedHashException("argon2 memory is below 8 KiB per lane");
        }
        byte[] salt = Encodings.lengthBetween(
                Encodings.base64(fields[next++], "argon2 salt"), MIN_SALT_BYTES, MAX_BYTES, "argon2 salt");
        byte[] hash = Encodings.lengthBetween(
                Encodings.base64(fields[next], "argon2 hash"), MIN_HASH_BYTES, MAX_BYTES, "argon2 hash");
        return new Parsed(type, new WorkFactors(version, memory, iterations, parallelism), salt, hash);
    }

    /** The generator allocates the whole memory cost in {@code init}: both run within one {@link MemoryHardHashing} admission. */
    private static byte[] derive(
            MemoryHardHashing admission, byte[] password, int type, WorkFactors costs, byte[] salt, int hashLength) {
        return admission.compute(costs.memoryKib(), () -> {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(type)
                    .withVersion(costs.version())
                    .withMemoryAsKB(costs.memoryKib())
                    .withIterations(costs.iterations())
                    .withParallelism(costs.parallelism())
                    .withSalt(salt)
                    .build());
            byte[] hash = new byte[hashLength];
            generator.generateBytes(password, hash);
            return hash;
        });
    }

    private static int version(String field) {
        return switch (field) {
            case "v=19" -> Argon2Parameters.ARGON2_VERSION_13;
            case "v=16" -> Argon2Parameters.ARGON2_VERSION_10;
            default -> throw new MalformedHashException("argon2 version is not v=16 or v=19");
        };
    }

    /** Parses {@code m=..,t=..,p=..}: exactly these three keys, each once, in any order. */
    private static Map<String, String> costs(String field) {
        Map<String, String> costs = new HashMap<>();
        for (String pair : field.split(",", -1)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (eq < 0
                    || !(key.equals("m") || key.equals("t") || key.equals("p"))
                    || costs.put(key, pair.substring(eq + 1)) != null) {
                throw new MalformedHashException("argon2 parameters are not exactly m=..,t=..,p=..");
            }
        }
        if (costs.size() != 3) {
            throw new MalformedHashException("argon2 parameters are not exactly m=..,t=..,p=..");
        }
        return costs;
    }
}
