package dev.identitybridge.keycloak.users.password;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Spends the time of a wrong password on a login that is refused without a usable hash (a user without a hash, an
 * unknown, malformed, legacy-when-not-allowed or over-the-limit format, a user disabled in the app table): the typed
 * password is verified against a hash of a random password written once with the configured algorithm and costs,
 * so that these cases cost what a wrong password costs for a user whose hash has the configured parameters.
 * Thread-safe; the hash is written on first use.
 */
public final class DummyVerification {

    private final PasswordHasher hasher;
    private final PasswordHashVerifier verifier;
    private volatile String dummyHash;

    public DummyVerification(PasswordHasher hasher, PasswordHashVerifier verifier) {
        this.hasher = hasher;
        this.verifier = verifier;
    }

    /** Verifies {@code password} (or an empty one) against the dummy hash and forgets the outcome. */
    public void spend(String password) {
        verifier.check(password == null ? "" : password, dummyHash());
    }

    /** The hash verified against, written on first use. */
    String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            hash = hasher.hash(Base64.getEncoder().encodeToString(random));
            dummyHash = hash; // racing first users may each write one: all are equivalent
        }
        return hash;
    }
}
