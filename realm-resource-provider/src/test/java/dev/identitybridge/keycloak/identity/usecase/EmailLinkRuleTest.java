package dev.identitybridge.keycloak.identity.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.identity.usecase.EmailLinkRule.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole decision table of linking by email: every combination of the three inputs. */
class EmailLinkRuleTest {

    @ParameterizedTest(name = "Keycloak verified {0}, app column {1}, appVerifiesEmails {2} -> {3}")
    @CsvSource(
            nullValues = "null",
            value = {
                "true,  true,  false, LINK",
                "true,  true,  true,  LINK",
                "true,  false, true,  LINK",
                "true,  null,  true,  LINK",
                "true,  false, false, APP_EMAIL_UNVERIFIED",
                "true,  null,  false, APP_EMAIL_UNVERIFIED",
                "false, true,  false, KEYCLOAK_EMAIL_UNVERIFIED",
                "false, true,  true,  KEYCLOAK_EMAIL_UNVERIFIED",
                "false, false, true,  KEYCLOAK_EMAIL_UNVERIFIED",
                "false, null,  true,  KEYCLOAK_EMAIL_UNVERIFIED",
                "false, false, false, NEITHER_VERIFIED",
                "false, null,  false, NEITHER_VERIFIED",
            })
    void linksOnlyWithProofOnBothSides(
            boolean keycloakVerified, Boolean appColumn, boolean appVerifiesEmails, Verdict expected) {
        Verdict verdict = EmailLinkRule.decide(keycloakVerified, appColumn, appVerifiesEmails);
        assertThat(verdict).isEqualTo(expected);
        assertThat(verdict.allowed()).isEqualTo(expected == Verdict.LINK);
    }

    @ParameterizedTest
    @EnumSource(Verdict.class)
    void everyVerdictExplainsItselfWithoutPersonalData(Verdict verdict) {
        assertThat(verdict.explanation()).isNotBlank().doesNotContain("@");
    }
}
