package dev.identitybridge.keycloak.users.password;

import static dev.identitybridge.keycloak.users.password.PasswordCheckOutcome.MATCH;
import static dev.identitybridge.keycloak.users.password.PasswordCheckOutcome.MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.password.PasswordTestVectors.Vector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour around the edges, using hashes from {@code vectors.tsv}. */
class PasswordHashVerifierTest {

    private final PasswordHashVerifier verifier = new PasswordHashVerifier(true);

    @Test
    void aNullPasswordNeverMatches() {
        Vector vector = PasswordTestVectors.first(HashFormat.BCRYPT);

        assertThat(verifier.check(null, vector.hash())).isEqualTo(new PasswordCheck(MISMATCH, HashFormat.BCRYPT));
    }

    @Test
    void anEmptyPasswordIsAnOrdinaryPassword() {
        Vector empty = PasswordTestVectors.where(v -> v.password().isEmpty()).get(0);

        assertThat(verifier.check("", empty.hash()).outcome()).isEqualTo(MATCH);
        assertThat(verifier.check(" ", empty.hash()).outcome()).isEqualTo(MISMATCH);
        assertThat(verifier.check(null, empty.hash()).outcome()).isEqualTo(MISMATCH);
    }

    @Test
    void bcryptReadsOnlyTheFirst72BytesOfThePasswordLikeEveryOtherImplementation() {
        Vector longPassword = PasswordTestVectors.where(v ->
                        v.format() == HashFormat.BCRYPT && v.password().getBytes(StandardCharsets.UTF_8).length > 72)
                .get(0);
        String first72 = new String(
                Arrays.copyOf(longPassword.password().getBytes(StandardCharsets.UTF_8), 72), StandardCharsets.UTF_8);

        assertThat(verifier.check(first72, longPassword.hash()).outcome()).isEqualTo(MATCH);
        assertThat(verifier.check(first72 + "anything", longPassword.hash()).outcome())
                .isEqualTo(MATCH);
        assertThat(verifier.check(first72.substring(0, 71), longPassword.hash()).outcome())
                .isEqualTo(MISMATCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$2a$", "$2b$", "$2y$"})
    void theBcryptVariantsAreTheSameAlgorithm(String variant) {
        for (Vector vector : PasswordTestVectors.where(v -> v.format() == HashFormat.BCRYPT)) {
            String renamed = variant + vector.hash().substring(4);

            assertThat(verifier.check(vector.password(), renamed).outcome())
                    .as(vector.toString())
                    .isEqualTo(MATCH);
        }
    }

    @Test
    void surroundingWhitespaceOfTheStoredHashIsIgnored() {
        for (HashFormat format : HashFormat.values()) {
            Vector vector = PasswordTestVectors.first(format);
            String padded = " " + vector.hash() + "   \n";

            assertThat(verifier.check(vector.password(), padded)).isEqualTo(new PasswordCheck(MATCH, format));
            assertThat(PasswordHashVerifier.detect(padded)).contains(format);
        }
    }

    @Test
    void malformedUtf16InThePasswordDoesNotThrow() {
        for (HashFormat format : HashFormat.values()) {
            Vector vector = PasswordTestVectors.first(format);

            assertThat(verifier.check("\uD800" + vector.password() + "\uDFFF", vector.hash()))
                    .isEqualTo(new PasswordCheck(MISMATCH, format));
        }
    }

    @Test
    void theLdapSchemeTagIsCaseInsensitive() {
        Vector vector = PasswordTestVectors.first(HashFormat.SALTED_SHA512);
        String lowerCase = "{ssha512}" + vector.hash().substring("{SSHA512}".length());

        assertThat(verifier.check(vector.password(), lowerCase))
                .isEqualTo(new PasswordCheck(MATCH, HashFormat.SALTED_SHA512));
    }

    @Test
    void passwordsAreComparedAsUtf8NotAsNormalisedText() {
        Vector umlaut =
                PasswordTestVectors.where(v -> v.password().equals("pässwörd")).get(0);
        String decomposed = "pa\u0308sswo\u0308rd"; // same text in NFD: different bytes, so a different password

        assertThat(verifier.check(umlaut.password(), umlaut.hash()).outcome()).isEqualTo(MATCH);
        assertThat(verifier.check(decomposed, umlaut.hash()).outcome()).isEqualTo(MISMATCH);
    }

    @Test
    void theVerifierIsReusableAcrossThreads() throws Exception {
        Vector vector = PasswordTestVectors.first(HashFormat.ARGON2I);
        Thread[] threads = new Thread[4];
        boolean[] results = new boolean[threads.length];
        for (int i = 0; i < threads.length; i++) {
            int index = i;
            threads[i] = new Thread(() -> results[index] =
                    verifier.check(vector.password(), vector.hash()).matches());
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(results).containsOnly(true);
    }

    @Test
    void detectJudgesByPrefixOnly() {
        assertThat(PasswordHashVerifier.detect(null)).isEmpty();
        assertThat(PasswordHashVerifier.detect("")).isEmpty();
        assertThat(PasswordHashVerifier.detect("$2y$")).contains(HashFormat.BCRYPT);
        assertThat(PasswordHashVerifier.detect("$argon2id$")).contains(HashFormat.ARGON2ID);
        assertThat(PasswordHashVerifier.detect("$argon2i$")).contains(HashFormat.ARGON2I);
        assertThat(PasswordHashVerifier.detect("pbkdf2_sha256$")).contains(HashFormat.PBKDF2_SHA256);
        assertThat(PasswordHashVerifier.detect("pbkdf2_sha1$")).contains(HashFormat.PBKDF2_SHA1);
        assertThat(PasswordHashVerifier.detect("pbkdf2:sha256:")).contains(HashFormat.PBKDF2_SHA256);
        assertThat(PasswordHashVerifier.detect("pbkdf2:sha512:")).contains(HashFormat.PBKDF2_SHA512);
        assertThat(PasswordHashVerifier.detect("$pbkdf2-sha512$")).contains(HashFormat.PBKDF2_SHA512);
        assertThat(PasswordHashVerifier.detect("$pbkdf2-sha1$")).contains(HashFormat.PBKDF2_SHA1);
        assertThat(PasswordHashVerifier.detect("$pbkdf2$")).contains(HashFormat.PBKDF2_SHA1);
        assertThat(PasswordHashVerifier.detect("{SSHA256}")).contains(HashFormat.SALTED_SHA256);
        assertThat(PasswordHashVerifier.detect("$5$")).contains(HashFormat.SHA256_CRYPT);
        assertThat(PasswordHashVerifier.detect("$6$")).contains(HashFormat.SHA512_CRYPT);
    }
}
