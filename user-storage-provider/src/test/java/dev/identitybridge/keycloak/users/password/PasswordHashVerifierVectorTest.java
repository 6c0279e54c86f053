package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.password.PasswordTestVectors.Vector;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hash other implementations wrote must verify, with the right format, and only with the right password. */
class PasswordHashVerifierVectorTest {

    private final PasswordHashVerifier lenient = new PasswordHashVerifier(true);
    private final PasswordHashVerifier strict = new PasswordHashVerifier(false);

    static List<Vector> vectors() {
        return PasswordTestVectors.all();
    }

    static List<Vector> legacyVectors() {
        return PasswordTestVectors.where(v -> v.format().legacy());
    }

    static List<Vector> modernVectors() {
        return PasswordTestVectors.where(v -> !v.format().legacy());
    }

    @Test
    void theFixtureCoversEveryFormatWithSeveralProducersAndNonAsciiPasswords() {
        Set<HashFormat> covered = vectors().stream().map(Vector::format).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(EnumSet.allOf(HashFormat.class));
        for (HashFormat format : HashFormat.values()) {
            List<Vector> ofFormat = PasswordTestVectors.where(v -> v.format() == format);
            assertThat(ofFormat).as(format.name()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(ofFormat)
                    .as(format + " with a non-ASCII password")
                    .anyMatch(v -> v.password().chars().anyMatch(c -> c > 127));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void matchesTheRightPassword(Vector vector) {
        assertThat(lenient.check(vector.password(), vector.hash()))
                .isEqualTo(new PasswordCheck(PasswordCheckOutcome.MATCH, vector.format()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rejectsAWrongPassword(Vector vector) {
        PasswordCheck check = lenient.check("wrong" + vector.password(), vector.hash());

        assertThat(check).isEqualTo(new PasswordCheck(PasswordCheckOutcome.MISMATCH, vector.format()));
        assertThat(check.matches()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void detectsTheFormat(Vector vector) {
        assertThat(PasswordHashVerifier.detect(vector.hash())).contains(vector.format());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("legacyVectors")
    void refusesLegacyFormatsUnlessAllowed(Vector vector) {
        assertThat(strict.check(vector.password(), vector.hash()))
                .isEqualTo(new PasswordCheck(PasswordCheckOutcome.LEGACY_NOT_ALLOWED, vector.format()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modernVectors")
    void verifiesModernFormatsWithoutTheLegacyFlag(Vector vector) {
        assertThat(strict.check(vector.password(), vector.hash()).outcome()).isEqualTo(PasswordCheckOutcome.MATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void neverMatchesADamagedHash(Vector vector) {
        String hash = vector.hash().replaceAll("=+$", ""); // base64 padding is optional, dropping it changes nothing
        int middle = hash.length() / 2;
        char replacement = hash.charAt(middle) == 'a' ? 'b' : 'a';
        List<String> damaged = List.of(
                hash.substring(0, hash.length() - 1),
                hash.substring(0, middle),
                hash.substring(0, middle) + replacement + hash.substring(middle + 1),
                hash + "x");

        for (String candidate : damaged) {
            assertThat(lenient.check(vector.password(), candidate).outcome())
                    .as(candidate)
                    .isIn(PasswordCheckOutcome.MISMATCH, PasswordCheckOutcome.MALFORMED_HASH);
        }
    }
}
