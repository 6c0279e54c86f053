package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HashLimits}: SPI options, and stored hashes above the limits refused before any hashing. */
class HashLimitsTest {

    private static final HashLimits SMALL = new HashLimits(4096, 3, 6, 5000, 1L << 20, Duration.ofSeconds(1));

    @Test
    void defaultsAndOptions() {
        HashLimits defaults = HashLimits.defaults();
        assertThat(defaults.maxArgon2MemoryKib())
                .isEqualTo(Math.min(HashLimits.DEFAULT_MAX_ARGON2_MEMORY_KIB, defaults.argon2BudgetKib()));
        assertThat(defaults.argon2BudgetKib())
                .isEqualTo(Math.max(1, Runtime.getRuntime().maxMemory() / 4 / (1 << 20)) * 1024);
        assertThat(defaults.argon2Wait()).isEqualTo(Duration.ofMillis(HashLimits.DEFAULT_ARGON2_WAIT_TIMEOUT_MS));

        Map<String, String> options = Map.of(
                HashLimits.MAX_ARGON2_MEMORY_KIB,
                "65536",
                HashLimits.MAX_ARGON2_ITERATIONS,
                " 4 ",
                HashLimits.MAX_BCRYPT_COST,
                "12",
                HashLimits.MAX_PBKDF2_ITERATIONS,
                "1000000",
                HashLimits.ARGON2_MEMORY_BUDGET_MIB,
                "512",
                HashLimits.ARGON2_WAIT_TIMEOUT_MS,
                "250");
        assertThat(HashLimits.parse(options::get))
                .isEqualTo(new HashLimits(65536, 4, 12, 1_000_000, 512 * 1024, Duration.ofMillis(250)));
    }

    @Test
    void theBudgetCapsTheMaximumMemory() {
        HashLimits limits = HashLimits.parse(Map.of(HashLimits.ARGON2_MEMORY_BUDGET_MIB, "32")::get);
        assertThat(limits.maxArgon2MemoryKib()).isEqualTo(32 * 1024);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "max-argon2-memory-kib=10",
                "max-argon2-iterations=0",
                "max-bcrypt-cost=21",
                "max-pbkdf2-iterations=abc",
                "argon2-memory-budget-mib=0",
                "argon2-wait-timeout-ms=-1"
            })
    void badOptionsNameTheOption(String option) {
        String[] nameValue = option.split("=");
        assertThatThrownBy(() -> HashLimits.parse(Map.of(nameValue[0], nameValue[1])::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(nameValue[0]);
    }

    @Test
    void storedHashesAboveTheLimitsAreRefusedBeforeHashing() {
        PasswordHashVerifier verifier = new PasswordHashVerifier(true, SMALL, MemoryHardHashing.defaults());
        // 1 GiB and 100 passes would take minutes: refused at once
        String huge = "$argon2id$v=19$m=1048576,t=100,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
        long start = System.nanoTime();
        PasswordCheck check = verifier.check("pw", huge);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(check.outcome()).isEqualTo(PasswordCheckOutcome.COST_ABOVE_LIMIT);
        assertThat(check.detail())
                .isEqualTo("argon2 memory (KiB) 1048576 > 4096, argon2 iterations 100 > 3")
                .doesNotContain("c2Fsd");

        assertThat(verifier.check(
                        "pw", new PasswordHasher(new HashingPolicy(HashAlgorithm.BCRYPT, 1024, 1, 1, 7, 0)).hash("pw")))
                .isEqualTo(new PasswordCheck(
                        PasswordCheckOutcome.COST_ABOVE_LIMIT, HashFormat.BCRYPT, "bcrypt cost 7 > 6"));
        assertThat(verifier.check("pw", "$pbkdf2-sha256$5001$c2FsdA$" + "A".repeat(43))
                        .detail())
                .isEqualTo("pbkdf2 iterations 5001 > 5000");
        assertThat(verifier.check("pw", "$5$rounds=20000$nCrkA6ZKzmk2WfKV$EuawwrJ5gmA9jCX7wUS6iuFdbKXfsvtk8Cbgc760Ub9")
                        .detail())
                .isEqualTo("SHA-crypt rounds 20000 > 5000");
    }

    @Test
    void hashesAtTheLimitsAreVerified() {
        PasswordHashVerifier verifier = new PasswordHashVerifier(true, SMALL, MemoryHardHashing.defaults());
        String atLimit = new PasswordHasher(new HashingPolicy(HashAlgorithm.ARGON2ID, 4096, 3, 1, 6, 5000)).hash("pw");
        assertThat(verifier.check("pw", atLimit).outcome()).isEqualTo(PasswordCheckOutcome.MATCH);
        String bcrypt = new PasswordHasher(new HashingPolicy(HashAlgorithm.BCRYPT, 4096, 3, 1, 6, 5000)).hash("pw");
        assertThat(verifier.check("wrong", bcrypt).outcome()).isEqualTo(PasswordCheckOutcome.MISMATCH);
    }

    @Test
    void aPolicyAboveTheLimitsIsReportedAndCapped() {
        HashingPolicy policy = new HashingPolicy(HashAlgorithm.ARGON2ID, 65536, 4, 1, 12, 0);
        assertThat(SMALL.exceededBy(policy))
                .hasValueSatisfying(message -> assertThat(message)
                        .contains("above this server's maximum")
                        .contains("4096 KiB"));
        assertThat(SMALL.cap(policy)).isEqualTo(new HashingPolicy(HashAlgorithm.ARGON2ID, 4096, 3, 1, 6, 0));
        assertThat(SMALL.cap(HashingPolicy.defaults(HashAlgorithm.PBKDF2_SHA512))
                        .effectivePbkdf2Iterations())
                .isEqualTo(5000);
        HashingPolicy within = new HashingPolicy(HashAlgorithm.BCRYPT, 4096, 3, 1, 6, 5000);
        assertThat(SMALL.exceededBy(within)).isEmpty();
        assertThat(SMALL.cap(within)).isEqualTo(within);
    }
}
