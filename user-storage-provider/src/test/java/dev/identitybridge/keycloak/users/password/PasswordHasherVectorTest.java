package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.password.WriterTestVectors.WriterVector;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Given the same salt, {@link PasswordHasher} writes exactly what argon2-cffi, Python's bcrypt and passlib write. */
class PasswordHasherVectorTest {

    private final PasswordHashVerifier verifier = new PasswordHashVerifier(false);

    static List<WriterVector> vectors() {
        return WriterTestVectors.all();
    }

    @Test
    void theFixtureCoversEveryAlgorithmItsDefaultsAndNonAsciiPasswords() {
        assertThat(vectors().stream().map(WriterVector::algorithm).collect(Collectors.toSet()))
                .isEqualTo(EnumSet.allOf(HashAlgorithm.class));
        for (HashAlgorithm algorithm : HashAlgorithm.values()) {
            List<WriterVector> of =
                    vectors().stream().filter(v -> v.algorithm() == algorithm).toList();
            assertThat(of)
                    .as(algorithm.configValue())
                    .anyMatch(v -> v.parameters().equals("default"));
            assertThat(of)
                    .as(algorithm.configValue())
                    .anyMatch(v -> v.password().chars().anyMatch(c -> c > 127));
            assertThat(of)
                    .as(algorithm.configValue())
                    .anyMatch(v -> v.password().isEmpty());
        }
        assertThat(vectors())
                .as("bcrypt passwords over 72 bytes")
                .anyMatch(v -> v.algorithm() == HashAlgorithm.BCRYPT
                        && v.password().getBytes(StandardCharsets.UTF_8).length > BcryptHash.MAX_PASSWORD_BYTES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void reproducesTheVector(WriterVector vector) {
        assertThat(new PasswordHasher(vector.policy()).hash(vector.password(), vector.salt()))
                .isEqualTo(vector.hash());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theVectorVerifiesAndNeedsNoRehashUnderItsOwnPolicy(WriterVector vector) {
        assertThat(verifier.check(vector.password(), vector.hash()).matches()).isTrue();
        assertThat(new PasswordHasher(vector.policy()).rehashDecision(vector.hash(), vector.password()))
                .isEqualTo(RehashDecision.KEEP_SAME);
    }
}
