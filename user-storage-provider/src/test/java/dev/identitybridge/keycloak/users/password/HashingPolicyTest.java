package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HashAlgorithm} config values and {@link HashingPolicy} defaults and validation. */
class HashingPolicyTest {

    @ParameterizedTest
    @CsvSource({
        "argon2id,ARGON2ID",
        "bcrypt,BCRYPT",
        "pbkdf2-sha256,PBKDF2_SHA256",
        "pbkdf2-sha512,PBKDF2_SHA512",
        "' Argon2ID ',ARGON2ID",
        "PBKDF2-SHA512,PBKDF2_SHA512"
    })
    void readsConfigValuesIgnoringCaseAndSurroundingWhitespace(String value, HashAlgorithm expected) {
        assertThat(HashAlgorithm.fromConfig(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void configValuesRoundTrip(HashAlgorithm algorithm) {
        assertThat(HashAlgorithm.fromConfig(algorithm.configValue())).isEqualTo(algorithm);
        assertThat(algorithm.configValue())
                .isEqualTo(algorithm.name().toLowerCase().replace('_', '-'));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "argon2", "argon2i", "pbkdf2_sha256", "sha512", "md5"})
    void refusesUnknownAlgorithmsListingTheAllowedValues(String value) {
        assertThatThrownBy(() -> HashAlgorithm.fromConfig(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + value.strip() + "'")
                .hasMessageEndingWith("allowed values: argon2id, bcrypt, pbkdf2-sha256, pbkdf2-sha512");
    }

    @Test
    void refusesANullAlgorithmName() {
        assertThatThrownBy(() -> HashAlgorithm.fromConfig(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowed values: argon2id, bcrypt");
    }

    @Test
    void defaultsAreOwaspsRecommendations() {
        HashingPolicy policy = HashingPolicy.defaults(HashAlgorithm.ARGON2ID);

        assertThat(policy).isEqualTo(new HashingPolicy(HashAlgorithm.ARGON2ID, 19456, 2, 1, 12, 0));
        assertThat(HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA256).effectivePbkdf2Iterations())
                .isEqualTo(600_000);
        assertThat(HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA512).effectivePbkdf2Iterations())
                .isEqualTo(210_000);
        assertThat(HashingPolicy.defaults(HashAlgorithm.BCRYPT).effectivePbkdf2Iterations())
                .isZero();
    }

    @Test
    void aConfiguredPbkdf2IterationCountWins() {
        HashingPolicy policy = new HashingPolicy(HashAlgorithm.PBKDF2_SHA512, 19456, 2, 1, 12, 1000);

        assertThat(policy.effectivePbkdf2Iterations()).isEqualTo(1000);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1023|2|1|12|0|Argon2 memory (KiB) must be between 1024 and 1048576, but is 1023",
                "1048577|2|1|12|0|Argon2 memory (KiB) must be between 1024 and 1048576, but is 1048577",
                "19456|0|1|12|0|Argon2 iterations must be between 1 and 100, but is 0",
                "19456|101|1|12|0|Argon2 iterations must be between 1 and 100, but is 101",
                "19456|2|0|12|0|Argon2 parallelism must be between 1 and 64, but is 0",
                "19456|2|65|12|0|Argon2 parallelism must be between 1 and 64, but is 65",
                "1024|2|129|12|0|Argon2 parallelism must be between 1 and 64, but is 129",
                "19456|2|1|3|0|bcrypt cost must be between 4 and 20, but is 3",
                "19456|2|1|21|0|bcrypt cost must be between 4 and 20, but is 21",
                "19456|2|1|12|999|PBKDF2 iterations (0 for the default) must be between 1000 and 10000000, but is 999",
                "19456|2|1|12|-1|PBKDF2 iterations (0 for the default) must be between 1000 and 10000000, but is -1",
                "19456|2|1|12|10000001|PBKDF2 iterations (0 for the default) must be between 1000 and 10000000,"
                        + " but is 10000001"
            })
    void refusesOutOfRangeParametersNamingTheParameterAndItsRange(
            int m, int t, int p, int cost, int rounds, String message) {
        assertThatThrownBy(() -> new HashingPolicy(HashAlgorithm.BCRYPT, m, t, p, cost, rounds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void acceptsTheLimits() {
        // the smallest memory is enough for the 8 KiB per lane Argon2 needs at the highest parallelism
        assertThat(new HashingPolicy(HashAlgorithm.ARGON2ID, 1024, 1, 64, 4, 1000).argon2MemoryKib())
                .isEqualTo(1024);
        assertThat(new HashingPolicy(HashAlgorithm.ARGON2ID, 1 << 20, 100, 64, 20, 10_000_000).bcryptCost())
                .isEqualTo(20);
    }

    @Test
    void refusesANullAlgorithm() {
        assertThatThrownBy(() -> new HashingPolicy(null, 19456, 2, 1, 12, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A password hash algorithm is required");
    }
}
