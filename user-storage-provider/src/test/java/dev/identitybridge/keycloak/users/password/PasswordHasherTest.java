package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.password.PasswordTestVectors.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

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
                .isEqualTo(new PasswordCheck(
                        PasswordCheckOutcome.MATCH, policy.algorithm().format()));
        assertThat(VERIFIER.check("passwörd-🔑", hash).outcome()).isEqualTo(PasswordCheckOutcome.MISMATCH);
        assertThat(hasher.rehashDecision(hash, "pässwörd-🔑")).isEqualTo(RehashDecision.KEEP_SAME);
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

    // --- re-hash decision table (docs/security-passwords.md) ------------------------------------------------------

    static Stream<Arguments> rehashTable() {
        HashingPolicy argon2Default = HashingPolicy.defaults(HashAlgorithm.ARGON2ID);
        return Stream.of(
                // bcrypt: only the cost counts, not the $2a$/$2b$/$2y$ variant
                row("PASSWORD_BCRYPT default cost 10", bcrypt(10), RehashDecision.KEEP_SAME),
                row("PASSWORD_BCRYPT default cost 10", bcrypt(12), RehashDecision.REWRITE),
                row("PASSWORD_BCRYPT default cost 10", bcrypt(9), RehashDecision.KEEP_NOT_WEAKER),
                row("PASSWORD_BCRYPT default cost 10", argon2Default, RehashDecision.REWRITE),
                row(
                        "PASSWORD_BCRYPT default cost 10",
                        HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA512),
                        RehashDecision.KEEP_NOT_WEAKER),
                row("hashpw gensalt(5, prefix=b'2a')", bcrypt(5), RehashDecision.KEEP_SAME),
                row("bcryptjs 2.4.3 hashSync cost 6", bcrypt(6), RehashDecision.KEEP_SAME),
                // bcrypt matched on the first 72 of 80 bytes: never into another algorithm, bcrypt from the same 72
                row("cost 5, 80-byte password", argon2Default, RehashDecision.KEEP_BCRYPT_LONG_PASSWORD),
                row(
                        "cost 5, 80-byte password",
                        HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA256),
                        RehashDecision.KEEP_NOT_WEAKER),
                row("cost 5, 80-byte password", bcrypt(12), RehashDecision.REWRITE),
                row("cost 5, 80-byte password", bcrypt(5), RehashDecision.KEEP_SAME),
                // Argon2: variant, version, m, t and p; rewritten only when none is above the configured one
                row("PASSWORD_ARGON2ID defaults", argon2(65536, 4, 1), RehashDecision.KEEP_SAME),
                row("PASSWORD_ARGON2ID defaults", argon2Default, RehashDecision.KEEP_NOT_WEAKER),
                row("PASSWORD_ARGON2ID defaults", argon2(65536, 5, 1), RehashDecision.REWRITE),
                row("PASSWORD_ARGON2ID defaults", argon2(131072, 4, 1), RehashDecision.REWRITE),
                row("PASSWORD_ARGON2ID defaults", argon2(65536, 4, 2), RehashDecision.REWRITE),
                row("PASSWORD_ARGON2ID defaults", argon2(131072, 2, 1), RehashDecision.KEEP_NOT_WEAKER),
                row("PASSWORD_ARGON2ID defaults", bcrypt(12), RehashDecision.KEEP_NOT_WEAKER),
                row("hash_secret m=4096 t=3 p=2 hash_len=32", argon2(19456, 2, 2), RehashDecision.KEEP_NOT_WEAKER),
                row("hash_secret m=4096 t=3 p=2 hash_len=32", argon2(19456, 3, 2), RehashDecision.REWRITE),
                row("argon2-cffi 21.1.0 PasswordHasher() defaults", argon2Default, RehashDecision.KEEP_NOT_WEAKER),
                row("hash_secret m=2048 t=2 p=2 hash_len=24 v=16", argon2(2048, 2, 2), RehashDecision.REWRITE),
                row("v=16 hash above with the v= field removed", argon2(2048, 2, 2), RehashDecision.REWRITE),
                row("hash_secret m=2048 t=2 p=2 hash_len=24 v=16", argon2(1024, 2, 2), RehashDecision.KEEP_NOT_WEAKER),
                row("PASSWORD_ARGON2I defaults", argon2(65536, 4, 1), RehashDecision.REWRITE),
                row("PASSWORD_ARGON2I defaults", argon2Default, RehashDecision.KEEP_NOT_WEAKER),
                // PBKDF2: the digest (SHA-1 < SHA-256 < SHA-512) and the iteration count, not the notation
                row(
                        "pbkdf2_sha512 default rounds",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA512, 25000),
                        RehashDecision.KEEP_SAME),
                row(
                        "@phc/pbkdf2 1.1.14 defaults (sha512)",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA512, 25000),
                        RehashDecision.KEEP_SAME),
                row(
                        "pbkdf2_sha512 default rounds",
                        HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA512),
                        RehashDecision.REWRITE),
                row(
                        "pbkdf2_sha512 default rounds",
                        HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA256),
                        RehashDecision.KEEP_NOT_WEAKER),
                row("pbkdf2_sha512 default rounds", argon2Default, RehashDecision.REWRITE),
                row("pbkdf2_sha512 default rounds", bcrypt(10), RehashDecision.REWRITE),
                row(
                        "Werkzeug layout pbkdf2:sha512:2000",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA512, 1000),
                        RehashDecision.KEEP_NOT_WEAKER),
                row(
                        "Werkzeug 3 layout pbkdf2:sha256:600000",
                        HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA256),
                        RehashDecision.KEEP_SAME),
                row(
                        "Werkzeug 3 layout pbkdf2:sha256:600000",
                        HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA512),
                        RehashDecision.KEEP_NOT_WEAKER),
                row(
                        "pbkdf2_sha256 rounds 1500 salt_size 8",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA512, 1500),
                        RehashDecision.REWRITE),
                row(
                        "Werkzeug layout pbkdf2:sha1:1000",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA256, 1000),
                        RehashDecision.REWRITE),
                row(
                        "django_pbkdf2_sha1 rounds 1000",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA512, 1000),
                        RehashDecision.REWRITE),
                row(
                        "pbkdf2_sha1 default rounds",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA256, 1000),
                        RehashDecision.KEEP_NOT_WEAKER),
                // legacy formats are always rewritten, whatever their rounds
                row(
                        "ldap_salted_sha256 default salt",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA256, 1000),
                        RehashDecision.REWRITE),
                row("ldap_salted_sha512 salt_size 4", bcrypt(4), RehashDecision.REWRITE),
                row("crypt $5$ default rounds", pbkdf2(HashAlgorithm.PBKDF2_SHA256, 5000), RehashDecision.REWRITE),
                row(
                        "libxcrypt) METHOD_SHA256 rounds 20000",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA256, 1000),
                        RehashDecision.REWRITE),
                row(
                        "sha512_crypt builtin backend rounds 5000",
                        pbkdf2(HashAlgorithm.PBKDF2_SHA512, 5000),
                        RehashDecision.REWRITE));
    }

    @ParameterizedTest(name = "{0} under {1}: {2}")
    @MethodSource("rehashTable")
    void rehashOnlyReplacesWeakerHashes(Vector vector, HashingPolicy policy, RehashDecision expected) {
        assertThat(VERIFIER.check(vector.password(), vector.hash()).matches()).isTrue();
        PasswordHasher hasher = new PasswordHasher(policy);
        assertThat(hasher.rehashDecision(vector.hash(), vector.password())).isEqualTo(expected);
        assertThat(hasher.rehashDecision("  " + vector.hash() + " ", vector.password()))
                .isEqualTo(expected);
    }

    /** The case: a stored Argon2id t=3 is not rewritten with the configured t=2, and the other way round it is. */
    @Test
    void argon2idWithMoreIterationsIsKeptAndWithFewerRewritten() {
        HashingPolicy t2 = HashingPolicy.defaults(HashAlgorithm.ARGON2ID);
        HashingPolicy t3 = new HashingPolicy(HashAlgorithm.ARGON2ID, t2.argon2MemoryKib(), 3, 1, 12, 0);
        String storedT3 = new PasswordHasher(t3).hash("pw");
        String storedT2 = new PasswordHasher(t2).hash("pw");

        assertThat(new PasswordHasher(t2).rehashDecision(storedT3, "pw")).isEqualTo(RehashDecision.KEEP_NOT_WEAKER);
        assertThat(new PasswordHasher(t3).rehashDecision(storedT2, "pw")).isEqualTo(RehashDecision.REWRITE);
    }

    /** 72 bytes exactly is not "longer": every byte was verified; 73 (a multi-byte character counts its bytes) is. */
    @Test
    void theBcryptLimitIsCountedInUtf8Bytes() {
        PasswordHasher toArgon2 = new PasswordHasher(HashingPolicy.defaults(HashAlgorithm.ARGON2ID));
        String bcrypt =
                new PasswordHasher(new HashingPolicy(HashAlgorithm.BCRYPT, 19456, 2, 1, 4, 0)).hash("x".repeat(72));
        String seventyTwo = "x".repeat(72);
        String seventyThreeBytes = "x".repeat(71) + "é";

        assertThat(VERIFIER.check(seventyTwo, bcrypt).matches()).isTrue();
        assertThat(toArgon2.rehashDecision(bcrypt, seventyTwo)).isEqualTo(RehashDecision.REWRITE);
        assertThat(toArgon2.rehashDecision(bcrypt, seventyThreeBytes))
                .isEqualTo(RehashDecision.KEEP_BCRYPT_LONG_PASSWORD);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "   ",
                "plaintext",
                "5f4dcc3b5aa765d61d8327deb882cf99",
                "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
                "$2b$12$tooShort",
                "$2b$99$KQbMiMp6MoRR/ogirUY2OeaVz5idoOajCn3VuBdpCDr7YBt1zIGlO",
                "$argon2id$v=19$m=1,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
                "$argon2id$v=18$m=65536,t=4,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$argon2d$v=19$m=65536,t=4,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
                "$pbkdf2-sha512$0$c2FsdA$aGFzaA",
                "$pbkdf2-sha256$1000$c2FsdA",
                "pbkdf2:sha256:1000$salt$nothex",
                "{SSHA256}dG9vc2hvcnQ=",
                "$5$rounds=10$salt$aeDmhrgB",
                "$6$salt$short"
            })
    void nothingToUpgradeFromForUnknownOrMalformedHashes(String storedHash) {
        for (HashingPolicy policy : policies()) {
            assertThat(new PasswordHasher(policy).rehashDecision(storedHash, "pw"))
                    .as(String.valueOf(policy))
                    .isEqualTo(RehashDecision.KEEP_UNREADABLE);
        }
    }

    @Test
    void aTooLongStoredHashIsNothingToUpgradeFrom() {
        String hash = PasswordTestVectors.first(HashFormat.SALTED_SHA512).hash();
        String tooLong =
                hash.substring(0, "{SSHA512}".length()) + "A".repeat(PasswordHashVerifier.MAX_STORED_HASH_LENGTH);

        assertThat(hasher(HashAlgorithm.BCRYPT).rehashDecision(tooLong, "pw"))
                .isEqualTo(RehashDecision.KEEP_UNREADABLE);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Arguments row(String producer, HashingPolicy policy, RehashDecision expected) {
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
