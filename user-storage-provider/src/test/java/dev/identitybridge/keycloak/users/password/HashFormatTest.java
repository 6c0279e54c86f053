package dev.identitybridge.keycloak.users.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HashFormatTest {

    @Test
    void onlyTheFastSaltedDigestFormatsAreLegacy() {
        assertThat(Arrays.stream(HashFormat.values()).filter(HashFormat::legacy))
                .containsExactlyInAnyOrder(
                        HashFormat.SALTED_SHA256,
                        HashFormat.SALTED_SHA512,
                        HashFormat.SHA256_CRYPT,
                        HashFormat.SHA512_CRYPT);
    }

    @Test
    void onlyAMatchMatches() {
        for (PasswordCheckOutcome outcome : PasswordCheckOutcome.values()) {
            assertThat(new PasswordCheck(outcome, HashFormat.BCRYPT).matches())
                    .as(outcome.name())
                    .isEqualTo(outcome == PasswordCheckOutcome.MATCH);
        }
        assertThatNullPointerException().isThrownBy(() -> new PasswordCheck(null, HashFormat.BCRYPT));
    }
}
