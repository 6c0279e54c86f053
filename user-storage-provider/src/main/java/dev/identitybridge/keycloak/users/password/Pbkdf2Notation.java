package dev.identitybridge.keycloak.users.password;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The ways PBKDF2 hashes are written down. After the algorithm prefix every notation has the shape
 * {@code <cost>$<salt>$<hash>}; they differ in how each of the three fields is encoded.
 *
 * <p>The hash must have the length its producer writes: the digest size of the PRF, or in PHC strings the
 * {@code l=} parameter. This matters because a shorter PBKDF2 output is a prefix of a longer one, so a truncated
 * hash would otherwise still verify.
 */
enum Pbkdf2Notation {

    /** Django: {@code pbkdf2_sha256$<iterations>$<salt text>$<base64 hash>}; the salt is used as UTF-8 text. */
    DJANGO {
        @Override
        Parsed parse(String cost, String salt, String hash, int digestBytes) {
            return new Parsed(
                    iterations(cost), text(salt), exactly(digestBytes, Encodings.base64(hash, "pbkdf2 hash")));
        }
    },

    /** Werkzeug: {@code pbkdf2:sha256:<iterations>$<salt text>$<hex hash>}; the salt is used as UTF-8 text. */
    WERKZEUG {
        @Override
        Parsed parse(String cost, String salt, String hash, int digestBytes) {
            return new Parsed(iterations(cost), text(salt), exactly(digestBytes, Encodings.hex(hash, "pbkdf2 hash")));
        }
    },

    /** passlib modular crypt: {@code $pbkdf2-sha256$<rounds>$<ab64 salt>$<ab64 hash>}. */
    PASSLIB {
        @Override
        Parsed parse(String cost, String salt, String hash, int digestBytes) {
            return new Parsed(
                    iterations(cost),
                    Encodings.adaptedBase64(salt, "pbkdf2 salt"),
                    exactly(digestBytes, Encodings.adaptedBase64(hash, "pbkdf2 hash")));
        }
    },

    /**
     * PHC string format: {@code $pbkdf2-sha256$i=<iterations>[,l=<hash bytes>]$<b64 salt>$<b64 hash>}, standard
     * base64 without padding.
     */
    PHC {
        @Override
        Parsed parse(String cost, String salt, String hash, int digestBytes) {
            Map<String, String> params = new HashMap<>();
            for (String pair : cost.split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq < 0 || params.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                    throw new MalformedHashException("pbkdf2 parameters are not i=..[,l=..]");
                }
            }
            String iterations = params.remove("i");
            String length = params.remove("l");
            if (iterations == null || !params.isEmpty()) {
                throw new MalformedHashException("pbkdf2 parameters are not i=..[,l=..]");
            }
            int hashBytes = length == null ? digestBytes : Encodings.decimal(length, 1, MAX_BYTES, "pbkdf2 length");
            return new Parsed(
                    iterations(iterations),
                    Encodings.base64(salt, "pbkdf2 salt"),
                    exactly(hashBytes, Encodings.base64(hash, "pbkdf2 hash")));
        }
    },

    /** A {@code $pbkdf2...$} modular string: {@link #PHC} when the cost field has parameters, else {@link #PASSLIB}. */
    MODULAR {
        @Override
        Parsed parse(String cost, String salt, String hash, int digestBytes) {
            return (cost.contains("=") ? PHC : PASSLIB).parse(cost, salt, hash, digestBytes);
        }
    };

    private static final int MIN_HASH_BYTES = 16;
    private static final int MAX_BYTES = 1024;

    /** A parsed PBKDF2 hash. */
    record Parsed(int iterations, byte[] salt, byte[] hash) {
        Parsed {
            Encodings.lengthBetween(salt, 1, MAX_BYTES, "pbkdf2 salt");
            Encodings.lengthBetween(hash, MIN_HASH_BYTES, MAX_BYTES, "pbkdf2 hash");
        }
    }

    /**
     * Parses the three fields following the algorithm prefix.
     *
     * @param digestBytes the output size of the PRF, the hash length unless the notation says otherwise
     */
    abstract Parsed parse(String cost, String salt, String hash, int digestBytes);

    private static byte[] exactly(int length, byte[] hash) {
        if (hash.length != length) {
            throw new MalformedHashException("pbkdf2 hash does not have the expected length");
        }
        return hash;
    }

    private static int iterations(String text) {
        return Encodings.decimal(text, 1, Pbkdf2Hash.MAX_ITERATIONS, "pbkdf2 iterations");
    }

    private static byte[] text(String salt) {
        return salt.getBytes(StandardCharsets.UTF_8);
    }
}
