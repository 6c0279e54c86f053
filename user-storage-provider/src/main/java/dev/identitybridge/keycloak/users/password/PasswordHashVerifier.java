package dev.identitybridge.keycloak.users.password;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks passwords against hashes written by other systems, recognising the format from the stored string alone
 * (see {@link HashFormat}). Thread-safe.
 *
 * <p>Passwords are encoded as UTF-8, which is what every supported producer does. Surrounding whitespace of the
 * stored hash is ignored (no supported format contains whitespace, and {@code CHAR(n)} columns pad with spaces).
 * Cost parameters beyond sane limits are rejected as {@link PasswordCheckOutcome#MALFORMED_HASH}, and costs above the
 * operator's {@link HashLimits} as {@link PasswordCheckOutcome#COST_ABOVE_LIMIT}, before any work is done, so a
 * tampered row cannot make a login take minutes or gigabytes. Argon2 computations go through the server's
 * {@link MemoryHardHashing} admission; one that is not admitted in time is {@link PasswordCheckOutcome#BUSY}.
 */
public final class PasswordHashVerifier {

    private static final Logger LOG = Logger.getLogger(PasswordHashVerifier.class);

    /** Longer stored strings are refused before parsing; real hashes are far shorter. */
    static final int MAX_STORED_HASH_LENGTH = 1024;

    /** For detection and parameters only: neither computes a hash. */
    private static final List<HashScheme> DETECTION = schemes(MemoryHardHashing.defaults());

    private final boolean allowLegacyHashes;
    private final HashLimits limits;
    private final List<HashScheme> schemes;

    /** With the default {@link HashLimits}, for tests and tools outside a Keycloak server. */
    public PasswordHashVerifier(boolean allowLegacyHashes) {
        this(allowLegacyHashes, HashLimits.defaults(), MemoryHardHashing.defaults());
    }

    /**
     * @param allowLegacyHashes whether {@linkplain HashFormat#legacy() legacy} formats may be verified at all
     * @param limits            the operator's maximum costs of stored hashes
     * @param admission         the server's admission to Argon2 computations
     */
    public PasswordHashVerifier(boolean allowLegacyHashes, HashLimits limits, MemoryHardHashing admission) {
        this.allowLegacyHashes = allowLegacyHashes;
        this.limits = limits;
        this.schemes = schemes(admission);
    }

    private static List<HashScheme> schemes(MemoryHardHashing admission) {
        return List.of(
                new BcryptHash(), new Argon2Hash(admission), new Pbkdf2Hash(), new SaltedShaHash(), new ShaCryptHash());
    }

    /**
     * Checks a password against a stored hash. Never throws; a null password never matches.
     */
    public PasswordCheck check(String password, String storedHash) {
        String hash = storedHash == null ? "" : storedHash.strip();
        Optional<Detected> detected = find(schemes, hash);
        if (detected.isEmpty()) {
            return new PasswordCheck(PasswordCheckOutcome.UNKNOWN_FORMAT, null);
        }
        HashFormat format = detected.get().format();
        if (format.legacy() && !allowLegacyHashes) {
            return new PasswordCheck(PasswordCheckOutcome.LEGACY_NOT_ALLOWED, format);
        }
        if (hash.length() > MAX_STORED_HASH_LENGTH) {
            return new PasswordCheck(PasswordCheckOutcome.MALFORMED_HASH, format);
        }
        Optional<String> overLimit = parameters(hash).flatMap(stored -> limits.exceeded(format, stored.workFactors()));
        if (overLimit.isPresent()) {
            return new PasswordCheck(PasswordCheckOutcome.COST_ABOVE_LIMIT, format, overLimit.get());
        }
        if (password == null) {
            return new PasswordCheck(PasswordCheckOutcome.MISMATCH, format);
        }
        return new PasswordCheck(verify(detected.get().scheme(), format, password, hash), format);
    }

    /**
     * The format a stored hash claims to be in, judged by its prefix. A recognised but broken hash is still
     * detected; {@link #check(String, String)} then reports {@link PasswordCheckOutcome#MALFORMED_HASH}.
     */
    public static Optional<HashFormat> detect(String storedHash) {
        return storedHash == null
                ? Optional.empty()
                : find(DETECTION, storedHash.strip()).map(Detected::format);
    }

    /** The format of a stored hash and the cost parameters written in it. */
    record StoredParameters(HashFormat format, WorkFactors workFactors) {}

    /**
     * Reads the format and cost parameters of a stored hash without computing anything, as strictly as
     * {@link #check(String, String)} reads it. Empty when the hash is null, of an unknown format or malformed.
     */
    static Optional<StoredParameters> parameters(String storedHash) {
        String hash = storedHash == null ? "" : storedHash.strip();
        Optional<Detected> detected = find(DETECTION, hash);
        if (detected.isEmpty() || hash.length() > MAX_STORED_HASH_LENGTH) {
            return Optional.empty();
        }
        try {
            HashScheme scheme = detected.get().scheme();
            return Optional.of(new StoredParameters(detected.get().format(), scheme.workFactors(hash)));
        } catch (RuntimeException e) {
            return Optional.empty(); // malformed: MalformedHashException, or a library rejecting odd input
        }
    }

    private static PasswordCheckOutcome verify(HashScheme scheme, HashFormat format, String password, String hash) {
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        try {
            return scheme.matches(utf8, hash) ? PasswordCheckOutcome.MATCH : PasswordCheckOutcome.MISMATCH;
        } catch (HashingBusyException e) {
            LOG.debugf("Stored %s hash not verified: %s", format, e.getMessage());
            return PasswordCheckOutcome.BUSY;
        } catch (MalformedHashException e) {
            LOG.debugf("Stored %s hash is malformed: %s", format, e.getMessage());
            return PasswordCheckOutcome.MALFORMED_HASH;
        } catch (RuntimeException e) {
            // library rejections of odd input; their messages may quote the hash, so only the type is logged
            LOG.debugf(
                    "Stored %s hash could not be verified: %s",
                    format, e.getClass().getName());
            return PasswordCheckOutcome.MALFORMED_HASH;
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    private record Detected(HashScheme scheme, HashFormat format) {}

    private static Optional<Detected> find(List<HashScheme> schemes, String storedHash) {
        for (HashScheme scheme : schemes) {
            Optional<HashFormat> format = scheme.detect(storedHash);
            if (format.isPresent()) {
                return Optional.of(new Detected(scheme, format.get()));
            }
        }
        return Optional.empty();
    }
}
