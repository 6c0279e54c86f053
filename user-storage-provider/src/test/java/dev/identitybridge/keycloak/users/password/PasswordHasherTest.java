package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.identitybridge.keycloak.users.password.PasswordTestVectors.Vector;

/** {@link PasswordHasher}: new hashes verify, salts are fresh, and which stored hashes need a rehash. */
class PasswordHasherTest {

    private static final PasswordHashVerifier VERIFIER = new PasswordHashVerifier(true);

    /** Cheap policies of every algorithm, and the defaults of each. */
    static List<HashingPolicy> policies() {
        List<HashingPolicy> policies = new ArrayList<>();
        for (HashAlgorithm algorithm : HashAlgorithm.values()) {
            policies.add(new HashingPolicy(algorithm, 1024, 1, 2, 4, 1000));
            policies.add(HashingPolicy.defaults(algorithm));
        }
        return policies;
    }

    @ParameterizedTest
    @MethodSource("policies")
    void newHashesVerifyWithTheRightPasswordOnly(HashingPolicy policy) {
        PasswordHasher hasher = new PasswordHasher(policy);
        String hash = hasher.hash("pässwörd-🔑");

        assertThat(VERIFIER.check("pässwörd-🔑", hash))
                .isEqualTo(new PasswordCheck(PasswordCheckOutcome.MATCH, policy.algorithm().format()));
        assertThat(VERIFIER.check("passwörd-🔑", hash).outcome()).isEqualTo(PasswordCheckOutcome.MISMATCH);
        assertThat(hasher.needsRehash(hash)).isFalse();
        assertThat(hasher.policy()).isEqualTo(policy);
    }

    @ParameterizedTest
    @MethodSource("policies")
    void everyHashHasAFreshSalt(HashingPolicy policy) {
        PasswordHasher hasher = new PasswordHasher(policy);
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");

        assertThat(first).isNotEqualTo(second);
        assertThat(salt(first)).isNotEqualTo(salt(second));
    }

    @Test
    void writesTheDocumentedFormats() {
        assertThat(hasher(HashAlgorithm.ARGON2ID).hash("x"))
                .matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=2\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher(HashAlgorithm.BCRYPT).hash("x")).matches("\\$2b\\$04\\$[./A-Za-z0-9]{53}");
        assertThat(hasher(HashAlgorithm.PBKDF2_SHA256).hash("x"))
                .matches("\\$pbkdf2-sha256\\$1000\\$[./A-Za-z0-9]{22}\\$[./A-Za-z0-9]{43}");
        assertThat(hasher(HashAlgorithm.PBKDF2_SHA512).hash("x"))
                .matches("\\$pbkdf2-sha512\\$1000\\$[./A-Za-z0-9]{22}\\$[./A-Za-z0-9]{86}");
    }

    @Test
    void bcryptUsesTheFirst72BytesOfThePasswordLikeTheVerifier() {
        PasswordHasher bcrypt = hasher(HashAlgorithm.BCRYPT);
        String first72 = "x".repeat(71) + "y";
        String hash = bcrypt.hash(first72 + "ignored");

        assertThat(VERIFIER.check(first72 + "ignored", hash).matches()).isTrue();
        assertThat(VERIFIER.check(first72, hash).matches()).isTrue();
        assertThat(VERIFIER.check(first72 + "anything else", hash).matches()).isTrue();
        assertThat(VERIFIER.check("x".repeat(72), hash).matches()).isFalse();
    }

    @Test
    void refusesANullPasswordAndABadBcryptSalt() {
        PasswordHasher bcrypt = hasher(HashAlgorithm.BCRYPT);

        assertThatThrownBy(() -> bcrypt.hash(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> bcrypt.hash("x", new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher(HashAlgorithm.ARGON2ID).hash("x", new byte[7]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(null)).isInstanceOf(NullPointerException.class);
    }

    // --- needsRehash --------------------------------------------------------------------------------------------

    static Stream<Arguments> everyVectorUnderEachDefaultPolicy() {
        return PasswordTestVectors.all().stream().flatMap(vector -> Stream.of(
                HashingPolicy.defaults(HashAlgorithm.ARGON2ID),
                new HashingPolicy(HashAlgorithm.BCRYPT, 19456, 2, 1, 12, 0),
                HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA512)).map(policy -> Arguments.of(vector, policy)));
    }

    /** No producer in vectors.tsv used these costs, so every one of its hashes is upgraded under every policy. */
    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("everyVectorUnderEachDefaultPolicy")
    void everyExistingVectorNeedsARehashUnderTheDefaultPolicies(Vector vector, HashingPolicy policy) {
        assertThat(VERIFIER.check(vector.password(), vector.hash()).matches()).isTrue();
        assertThat(new PasswordHasher(policy).needsRehash(vector.hash())).isTrue();
    }

    static Stream<Arguments> rehashTable() {
        return Stream.of(
                // bcrypt: only the cost counts, not the $2a$/$2b$/$2y$ variant
                row("PASSWORD_BCRYPT default cost 10", bcrypt(10), false),
                row("PASSWORD_BCRYPT default cost 10", bcrypt(12), true),
                row("PASSWORD_BCRYPT default cost 10", bcrypt(11), true),
                row("hashpw gensalt(5, prefix=b'2a')", bcrypt(5), false),
                row("bcryptjs 2.4.3 hashSync cost 6", bcrypt(6), false),
                row("hashpw gensalt(6)", bcrypt(6), false),
                row("PASSWORD_BCRYPT cost 4, empty", bcrypt(4), false),
                row("PASSWORD_BCRYPT default cost 10", argon2(65536, 4, 1), true),
                // Argon2id: m, t, p and the version count
                row("PASSWORD_ARGON2ID defaults", argon2(65536, 4, 1), false),
                row("PASSWORD_ARGON2ID defaults", argon2(32768, 4, 1), true),
                row("PASSWORD_ARGON2ID defaults", argon2(65536, 3, 1), true),
                row("PASSWORD_ARGON2ID defaults", argon2(65536, 4, 2), true),
                row("PASSWORD_ARGON2ID memory_cost 8192 time_cost 2 threads 2", argon2(8192, 2, 2), false),
                row("hash_secret m=2048 t=2 p=2 hash_len=24 v=16", argon2(2048, 2, 2), true),
                row("v=16 hash above with the v= field removed", argon2(2048, 2, 2), true),
                row("PASSWORD_ARGON2ID defaults", bcrypt(12), true),
                // Argon2i is never the policy's algorithm
                row("PASSWORD_ARGON2I defaults", argon2(65536, 4, 1), true),
                // PBKDF2: the digest and the iteration count count, not the notation
                row("pbkdf2_sha512 default rounds", pbkdf2(HashAlgorithm.PBKDF2_SHA512, 25000), false),
                row("@phc/pbkdf2 1.1.14 defaults (sha512)", pbkdf2(HashAlgorithm.PBKDF2_SHA512, 25000), false),
                row("Werkzeug layout pbkdf2:sha512:2000", pbkdf2(HashAlgorithm.PBKDF2_SHA512, 2000), false),
                row("Werkzeug layout pbkdf2:sha512:2000", pbkdf2(HashAlgorithm.PBKDF2_SHA512, 1000), true),
                row("Werkzeug layout pbkdf2:sha512:2000", pbkdf2(HashAlgorithm.PBKDF2_SHA256, 2000), true),
                row("pbkdf2_sha512 default rounds", HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA512), true),
                row("Werkzeug 3 layout pbkdf2:sha256:600000", HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA256),
                        false),
                row("django_pbkdf2_sha256 rounds 1000", pbkdf2(HashAlgorithm.PBKDF2_SHA256, 1000), false),
                row("digest sha256 iterations 1000 saltSize 32", pbkdf2(HashAlgorithm.PBKDF2_SHA256, 1000), false),
                row("pbkdf2_sha256 rounds 1500 salt_size 8", pbkdf2(HashAlgorithm.PBKDF2_SHA256, 1500), false),
                row("pbkdf2_sha256 rounds 1500 salt_size 8", pbkdf2(HashAlgorithm.PBKDF2_SHA512, 1500), true),
                row("Werkzeug layout pbkdf2:sha1:1000", pbkdf2(HashAlgorithm.PBKDF2_SHA256, 1000), true),
                row("django_pbkdf2_sha1 rounds 1000", pbkdf2(HashAlgorithm.PBKDF2_SHA512, 1000), true),
                // legacy formats are always upgraded, whatever their rounds
                row("ldap_salted_sha256 default salt", pbkdf2(HashAlgorithm.PBKDF2_SHA256, 1000), true),
                row("ldap_salted_sha512 salt_size 4", bcrypt(4), true),
                row("crypt $5$ default rounds", pbkdf2(HashAlgorithm.PBKDF2_SHA256, 5000), true),
                row("sha512_crypt builtin backend rounds 5000", pbkdf2(HashAlgorithm.PBKDF2_SHA512, 5000), true));
    }

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @MethodSource("rehashTable")
    void needsRehashWhenTheAlgorithmOrItsCostsDiffer(Vector vector, HashingPolicy policy, boolean expected) {
        assertThat(new PasswordHasher(policy).needsRehash(vector.hash())).isEqualTo(expected);
        assertThat(new PasswordHasher(policy).needsRehash("  " + vector.hash() + " ")).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "plaintext", "5f4dcc3b5aa765d61d8327deb882cf99",
            "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
            "$2b$12$tooShort",
            "$2b$99$KQbMiMp6MoRR/ogirUY2OeaVz5idoOajCn3VuBdpCDr7YBt1zIGlO",
            "$argon2id$v=19$m=1,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
            "$argon2id$v=18$m=65536,t=4,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$argon2d$v=19$m=65536,t=4,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            "$pbkdf2-sha512$0$c2FsdA$aGFzaA", "$pbkdf2-sha256$1000$c2FsdA", "pbkdf2:sha256:1000$salt$nothex",
            "{SSHA256}dG9vc2hvcnQ=", "$5$rounds=10$salt$aeDmhrgB", "$6$salt$short"})
    void nothingToUpgradeFromForUnknownOrMalformedHashes(String storedHash) {
        for (HashingPolicy policy : policies()) {
            assertThat(new PasswordHasher(policy).needsRehash(storedHash)).as(String.valueOf(policy)).isFalse();
        }
    }

    @Test
    void aTooLongStoredHashIsNothingToUpgradeFrom() {
        String hash = PasswordTestVectors.first(HashFormat.SALTED_SHA512).hash();
        String tooLong = hash.substring(0, "{SSHA512}".length())
                + "A".repeat(PasswordHashVerifier.MAX_STORED_HASH_LENGTH);

        assertThat(hasher(HashAlgorithm.BCRYPT).needsRehash(tooLong)).isFalse();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Arguments row(String producer, HashingPolicy policy, boolean expected) {
        List<Vector> matching = PasswordTestVectors.where(v -> v.producer().contains(producer));
        assertThat(matching).as(producer).hasSize(1);
        return Arguments.of(matching.get(0), policy, expected);
    }

    private static HashingPolicy bcrypt(int cost) {
        return new HashingPolicy(HashAlgorithm.BCRYPT, 19456, 2, 1, cost, 0);
    }

    private static HashingPolicy argon2(int m, int t, int p) {
        return new HashingPolicy(HashAlgorithm.ARGON2ID, m, t, p, 12, 0);
    }

    private static HashingPolicy pbkdf2(HashAlgorithm algorithm, int iterations) {
        return new HashingPolicy(algorithm, 19456, 2, 1, 12, iterations);
    }

    private static PasswordHasher hasher(HashAlgorithm algorithm) {
        return new PasswordHasher(new HashingPolicy(algorithm, 1024, 1, 2, 4, 1000));
    }

    /** The salt field: the one before the last {@code $}, and for bcrypt the 22 characters after the cost. */
    private static String salt(String hash) {
        if (hash.startsWith("$2")) {
            return hash.substring(7, 29);
        }
        String[] fields = hash.split("\\$");
        return fields[fields.length - 2];
    }
}
