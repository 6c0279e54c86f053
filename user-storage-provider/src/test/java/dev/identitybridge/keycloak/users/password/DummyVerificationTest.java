package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link DummyVerification}: one hash of the configured algorithm and costs, written once, verified each time. */
class DummyVerificationTest {

    @Test
    void theDummyHashHasTheConfiguredAlgorithmAndCosts() {
        HashingPolicy policy = new HashingPolicy(HashAlgorithm.ARGON2ID, 2048, 3, 1, 12, 0);
        PasswordHasher hasher = new PasswordHasher(policy);
        DummyVerification dummy = new DummyVerification(hasher, new PasswordHashVerifier(false));

        String hash = dummy.dummyHash();
        assertThat(hash).startsWith("$argon2id$v=19$m=2048,t=3,p=1$").isSameAs(dummy.dummyHash());
        assertThat(hasher.rehashDecision(hash, "x")).isEqualTo(RehashDecision.KEEP_SAME);
        dummy.spend("any password");
        dummy.spend(null);
        assertThat(dummy.dummyHash()).isSameAs(hash);
    }

    @Test
    void bcryptAndPbkdf2Too() {
        assertThat(new DummyVerification(
                                new PasswordHasher(new HashingPolicy(HashAlgorithm.BCRYPT, 2048, 3, 1, 5, 0)),
                                new PasswordHashVerifier(false))
                        .dummyHash())
                .startsWith("$2b$05$");
        assertThat(new DummyVerification(
                                new PasswordHasher(new HashingPolicy(HashAlgorithm.PBKDF2_SHA256, 2048, 3, 1, 5, 1234)),
                                new PasswordHashVerifier(false))
                        .dummyHash())
                .startsWith("$pbkdf2-sha256$1234$");
    }
}
