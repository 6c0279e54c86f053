package dev.identitybridge.keycloak.users.password;

import static dev.identitybridge.keycloak.users.password.HashFormat.ARGON2I;
import static dev.identitybridge.keycloak.users.password.HashFormat.ARGON2ID;
import static dev.identitybridge.keycloak.users.password.HashFormat.BCRYPT;
import static dev.identitybridge.keycloak.users.password.HashFormat.PBKDF2_SHA1;
import static dev.identitybridge.keycloak.users.password.HashFormat.PBKDF2_SHA256;
import static dev.identitybridge.keycloak.users.password.HashFormat.PBKDF2_SHA512;
import static dev.identitybridge.keycloak.users.password.HashFormat.SALTED_SHA256;
import static dev.identitybridge.keycloak.users.password.HashFormat.SALTED_SHA512;
import static dev.identitybridge.keycloak.users.password.HashFormat.SHA256_CRYPT;
import static dev.identitybridge.keycloak.users.password.HashFormat.SHA512_CRYPT;
import static dev.identitybridge.keycloak.users.password.PasswordCheckOutcome.MALFORMED_HASH;
import static dev.identitybridge.keycloak.users.password.PasswordCheckOutcome.UNKNOWN_FORMAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken, hostile and foreign stored strings never match, never throw and are rejected before any expensive work.
 * Most cases are real hashes from {@code vectors.tsv} with one part broken.
 */
class PasswordHashVerifierMalformedTest {

    private static final String PASSWORD = "pässwörd";
    /** Rejections must not run the KDF: the absurd costs below would take minutes to hours. */
    private static final Duration FAST = Duration.ofSeconds(2);

    private final PasswordHashVerifier verifier = new PasswordHashVerifier(true);

    static Stream<Arguments> unknown() {
        return Stream.of(
                arguments("null", null),
                arguments("empty", ""),
                arguments("blank", "  \t "),
                arguments("plain text", "pässwörd"),
                arguments("md5-crypt", "$1$abc$def"),
                arguments("md5-crypt, short", "$1$abc"),
                arguments("argon2d", "$argon2d$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$aGFzaA"),
                arguments("bcrypt $2x$", "$2x$10$" + "a".repeat(53)),
                arguments("bcrypt without variant", "$2$10$" + "a".repeat(53)),
                arguments("unsalted {SHA}", "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="),
                arguments("salted SHA-1 {SSHA}", "{SSHA}MTIzNDU2Nzg5MDEyMzQ1Njc4OTA="),
                arguments("scrypt", "$scrypt$ln=16,r=8,p=1$c2FsdA$aGFzaA"),
                arguments("unknown django hasher", "argon2$argon2id$v=19$m=102400,t=2,p=8$salt$hash"),
                arguments("only a dollar", "$"),
                arguments("hex digest", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknown")
    void unknownFormats(String description, String storedHash) {
        assertThat(verifier.check(PASSWORD, storedHash)).isEqualTo(new PasswordCheck(UNKNOWN_FORMAT, null));
        assertThat(PasswordHashVerifier.detect(storedHash)).isEmpty();
    }

    static Stream<Arguments> malformed() {
        String bcrypt = PasswordTestVectors.first(BCRYPT).hash(); // $2y$04$...
        String argon2id = PasswordTestVectors.first(ARGON2ID).hash(); // $argon2id$v=19$m=65536,t=4,p=1$..
        String argon2i = PasswordTestVectors.first(ARGON2I).hash();
        String argon2idSaltAndHash = argon2id.substring(argon2id.indexOf("p=1$") + 4);
        String pbkdf2 = PasswordTestVectors.where(v -> v.hash().startsWith("$pbkdf2-sha256$i="))
                .get(0)
                .hash();
        String django = PasswordTestVectors.where(v -> v.hash().startsWith("pbkdf2_sha256$"))
                .get(0)
                .hash();
        String passlib512 = PasswordTestVectors.first(PBKDF2_SHA512).hash();
        String werkzeug = PasswordTestVectors.where(v -> v.hash().startsWith("pbkdf2:sha1:"))
                .get(0)
                .hash();
        String ssha256 = PasswordTestVectors.first(SALTED_SHA256).hash();
        String shaCrypt = PasswordTestVectors.where(v -> v.hash().startsWith("$5$rounds="))
                .get(0)
                .hash();
        String sha512Crypt = PasswordTestVectors.first(SHA512_CRYPT).hash();
        String passlib256 = PasswordTestVectors.where(v -> v.hash().startsWith("$pbkdf2-sha256$2"))
                .get(0)
                .hash();
        String argon2idSalt = argon2idSaltAndHash.substring(0, argon2idSaltAndHash.indexOf('$'));
        return Stream.of(
                // bcrypt
                arguments("bcrypt prefix only", "$2y$", BCRYPT),
                arguments("bcrypt, short body", "$2y$10$abcdefghijklmnop", BCRYPT),
                arguments("bcrypt, truncated", bcrypt.substring(0, 59), BCRYPT),
                arguments("bcrypt, one char too many", bcrypt + "a", BCRYPT),
                arguments("bcrypt, character outside bcrypt base64", bcrypt.substring(0, 59) + "+", BCRYPT),
                arguments("bcrypt, cost 03", bcrypt.replace("$04$", "$03$"), BCRYPT),
                arguments("bcrypt, cost 21 (absurd)", bcrypt.replace("$04$", "$21$"), BCRYPT),
                arguments("bcrypt, cost 31 (absurd)", bcrypt.replace("$04$", "$31$"), BCRYPT),
                arguments("bcrypt, cost 99", bcrypt.replace("$04$", "$99$"), BCRYPT),
                arguments("bcrypt, cost not a number", bcrypt.replace("$04$", "$1x$"), BCRYPT),
                arguments("bcrypt, one-digit cost", bcrypt.replace("$04$", "$4$") + "a", BCRYPT),
                // argon2
                arguments("argon2id prefix only", "$argon2id$", ARGON2ID),
                arguments("argon2id, parameters missing", "$argon2id$v=19$" + argon2idSaltAndHash, ARGON2ID),
                arguments("argon2id, p missing", argon2id.replace("m=65536,t=4,p=1", "m=65536,t=4"), ARGON2ID),
                arguments("argon2id, parameter repeated", argon2id.replace("t=4,p=1", "t=4,t=4,p=1"), ARGON2ID),
                arguments("argon2id, unknown parameter", argon2id.replace("p=1", "p=1,keyid=abc"), ARGON2ID),
                arguments("argon2id, empty parameter", argon2id.replace("t=4", "t="), ARGON2ID),
                arguments("argon2id, negative parameter", argon2id.replace("t=4", "t=-4"), ARGON2ID),
                arguments("argon2id, m over 1 GiB (absurd)", argon2id.replace("m=65536", "m=1048577"), ARGON2ID),
                arguments("argon2id, m overflowing int", argon2id.replace("m=65536", "m=99999999999999"), ARGON2ID),
                arguments("argon2id, t over 100 (absurd)", argon2id.replace("t=4", "t=101"), ARGON2ID),
                arguments(
                        "argon2id, p over 64 (absurd)",
                        argon2id.replace("m=65536,t=4,p=1", "m=65536,t=4,p=65"),
                        ARGON2ID),
                arguments("argon2id, t=0", argon2id.replace("t=4", "t=0"), ARGON2ID),
                arguments("argon2id, m below 8 KiB per lane", argon2id.replace("m=65536", "m=7"), ARGON2ID),
                arguments("argon2id, unknown version", argon2id.replace("v=19", "v=18"), ARGON2ID),
                arguments(
                        "argon2id, salt not base64",
                        argon2id.replace(
                                argon2idSaltAndHash,
                                "!!!!not-base64!!!!" + argon2idSaltAndHash.substring(argon2idSaltAndHash.indexOf('$'))),
                        ARGON2ID),
                arguments(
                        "argon2id, salt in non-canonical base64 (unused bits set)",
                        argon2id.replace("$" + argon2idSalt + "$", "$" + nonCanonical(argon2idSalt) + "$"),
                        ARGON2ID),
                arguments(
                        "argon2id, salt too short",
                        argon2id.replace(
                                argon2idSaltAndHash,
                                "c2FsdA" + argon2idSaltAndHash.substring(argon2idSaltAndHash.indexOf('$'))),
                        ARGON2ID),
                arguments("argon2id, hash missing", argon2id.substring(0, argon2id.lastIndexOf('$') + 1), ARGON2ID),
                arguments("argon2id, hash too short", argon2id.substring(0, argon2id.lastIndexOf('$') + 5), ARGON2ID),
                arguments(
                        "argon2id, hash with impossible base64 length",
                        argon2id.substring(0, argon2id.lastIndexOf('$') + 22),
                        ARGON2ID),
                arguments("argon2id, extra field", argon2id + "$abc", ARGON2ID),
                arguments("argon2i, fields shuffled", argon2i.replace("$v=19$", "$") + "$v=19", ARGON2I),
                // pbkdf2
                arguments("django prefix only", "pbkdf2_sha256$", PBKDF2_SHA256),
                arguments("django, iterations not a number", django.replace("$29000$", "$abc$"), PBKDF2_SHA256),
                arguments("django, 0 iterations", django.replace("$29000$", "$0$"), PBKDF2_SHA256),
                arguments("django, absurd iterations", django.replace("$29000$", "$10000001$"), PBKDF2_SHA256),
                arguments(
                        "django, hash not base64",
                        django.substring(0, django.lastIndexOf('$') + 1) + "%%%",
                        PBKDF2_SHA256),
                arguments(
                        "django, empty salt",
                        django.replaceFirst("\\$29000\\$[^$]*\\$", "\\$29000\\$\\$"),
                        PBKDF2_SHA256),
                arguments("django, field missing", django.substring(0, django.lastIndexOf('$')), PBKDF2_SHA256),
                arguments("phc, absurd iterations", pbkdf2.replace("$i=25000$", "$i=20000000$"), PBKDF2_SHA256),
                arguments("phc, l does not match", pbkdf2.replace("$i=25000$", "$i=25000,l=16$"), PBKDF2_SHA256),
                arguments("phc, unknown parameter", pbkdf2.replace("$i=25000$", "$i=25000,x=1$"), PBKDF2_SHA256),
                arguments("phc, i missing", pbkdf2.replace("$i=25000$", "$l=32$"), PBKDF2_SHA256),
                arguments("phc, hash empty", pbkdf2.substring(0, pbkdf2.lastIndexOf('$') + 1), PBKDF2_SHA256),
                arguments(
                        "passlib, hash truncated (a shorter PBKDF2 output is a prefix, it must not verify)",
                        passlib256.substring(0, passlib256.length() - 3),
                        PBKDF2_SHA256),
                arguments("django, hash truncated", django.substring(0, django.length() - 8), PBKDF2_SHA256),
                arguments("passlib, absurd rounds", passlib512.replace("$25000$", "$99999999$"), PBKDF2_SHA512),
                arguments(
                        "passlib, hash too short",
                        passlib512.substring(0, passlib512.lastIndexOf('$') + 11),
                        PBKDF2_SHA512),
                arguments(
                        "werkzeug, hash not hex",
                        werkzeug.substring(0, werkzeug.lastIndexOf('$') + 1) + "zz".repeat(20),
                        PBKDF2_SHA1),
                arguments("werkzeug, odd hex length", werkzeug.substring(0, werkzeug.length() - 1), PBKDF2_SHA1),
                arguments("werkzeug, iterations missing", werkzeug.replace(":1000$", ":$"), PBKDF2_SHA1),
                arguments("$pbkdf2$ prefix only", "$pbkdf2$", PBKDF2_SHA1),
                // salted SHA
                arguments("{SSHA256} tag only", "{SSHA256}", SALTED_SHA256),
                arguments("{SSHA256}, not base64", "{SSHA256}!!!!", SALTED_SHA256),
                arguments(
                        "{SSHA256}, digest without salt",
                        "{SSHA256}" + ssha256.substring(9, 9 + 43) + "=",
                        SALTED_SHA256),
                arguments("{SSHA512}, shorter than a digest", "{SSHA512}c2FsdA==", SALTED_SHA512),
                // SHA-crypt
                arguments("$5$ prefix only", "$5$", SHA256_CRYPT),
                arguments("$5$, absurd rounds", shaCrypt.replaceFirst("rounds=\\d+", "rounds=999999999"), SHA256_CRYPT),
                arguments(
                        "$5$, rounds overflowing int",
                        shaCrypt.replaceFirst("rounds=\\d+", "rounds=99999999999"),
                        SHA256_CRYPT),
                arguments(
                        "$5$, rounds below glibc minimum",
                        shaCrypt.replaceFirst("rounds=\\d+", "rounds=10"),
                        SHA256_CRYPT),
                arguments("$5$, salt too long", "$5$" + "s".repeat(17) + "$" + "h".repeat(43), SHA256_CRYPT),
                arguments("$6$, hash truncated", sha512Crypt.substring(0, sha512Crypt.length() - 1), SHA512_CRYPT),
                arguments("$6$, hash of $5$ length", "$6$salt$" + "h".repeat(43), SHA512_CRYPT),
                // size
                arguments("very long bcrypt-looking string", "$2y$10$" + "a".repeat(5000), BCRYPT),
                arguments("very long argon2-looking string", argon2id + "A".repeat(5000), ARGON2ID));
    }

    /** The same bytes, but with an unused trailing bit set (Java's decoder would accept it). */
    private static String nonCanonical(String unpaddedBase64) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        assertThat(unpaddedBase64.length() % 4)
                .as("base64 with unused trailing bits")
                .isIn(2, 3);
        char last = unpaddedBase64.charAt(unpaddedBase64.length() - 1);
        return unpaddedBase64.substring(0, unpaddedBase64.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedHashes(String description, String storedHash, HashFormat format) {
        PasswordCheck check = assertTimeoutPreemptively(FAST, () -> verifier.check(PASSWORD, storedHash));

        assertThat(check).isEqualTo(new PasswordCheck(MALFORMED_HASH, format));
        assertThat(check.matches()).isFalse();
        assertThat(PasswordHashVerifier.detect(storedHash)).contains(format);
    }

    @Test
    void randomGarbageBehindKnownPrefixesNeverMatchesNorThrows() {
        String[] prefixes = {
            "",
            "$2y$",
            "$2b$10$",
            "$argon2id$",
            "$argon2i$v=19$m=1024,t=1,p=1$",
            "$argon2id$v=16$",
            "pbkdf2_sha256$",
            "pbkdf2_sha1$1000$",
            "$pbkdf2-sha256$",
            "$pbkdf2-sha512$i=1000$",
            "$pbkdf2$1000$",
            "pbkdf2:sha256:",
            "pbkdf2:sha512:1000$",
            "{SSHA256}",
            "{ssha512}",
            "$5$",
            "$6$rounds=1000$",
            "$",
            "{"
        };
        String alphabet = "$=,.:/+-_{}0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ \tä🔑\u0000";
        Random random = new Random(20240611L);

        for (int i = 0; i < 3000; i++) {
            StringBuilder hash = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(100);
            for (int j = 0; j < length; j++) {
                hash.appendCodePoint(alphabet.codePointAt(
                        alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            String storedHash = hash.toString();

            PasswordCheck check = verifier.check(PASSWORD, storedHash);

            assertThat(check.outcome())
                    .as(storedHash)
                    .isIn(UNKNOWN_FORMAT, MALFORMED_HASH, PasswordCheckOutcome.MISMATCH);
            assertThat(check.format())
                    .as(storedHash)
                    .isEqualTo(PasswordHashVerifier.detect(storedHash).orElse(null));
        }
    }
}
