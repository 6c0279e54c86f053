package dev.identitybridge.keycloak.identity.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.identity.usecase.BackfillDecision.Outcome;
import dev.identitybridge.keycloak.identity.usecase.BackfillRules.EmailOwner;
import dev.identitybridge.keycloak.identity.usecase.BackfillRules.Facts;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackfillRulesTest {

    private static final String FEDERATED = "f:c1:42";
    private static final Function<String, Optional<String>> NOBODY_LINKED = id -> Optional.empty();

    private static BackfillDecision decide(boolean federatedExists, EmailOwner owner, String ownerId) {
        return BackfillRules.decide(new Facts(FEDERATED, federatedExists, owner, ownerId, true, false), NOBODY_LINKED);
    }

    @Test
    void federatedRowsGetTheirOwnSubject() {
        assertThat(decide(true, EmailOwner.THIS_ROW, FEDERATED))
                .extracting(BackfillDecision::outcome, BackfillDecision::authId)
                .containsExactly(Outcome.LINKED, FEDERATED);
        assertThat(decide(true, EmailOwner.NONE, null))
                .extracting(BackfillDecision::outcome, BackfillDecision::authId)
                .containsExactly(Outcome.LINKED, FEDERATED);
    }

    @Test
    void aLocalUserWithTheEmailWinsOnlyIfItsEmailIsVerified() {
        assertThat(decide(true, EmailOwner.LOCAL_VERIFIED, "local-1"))
                .extracting(BackfillDecision::outcome, BackfillDecision::authId)
                .containsExactly(Outcome.LINKED, "local-1");
        assertThat(decide(true, EmailOwner.LOCAL_UNVERIFIED, "local-2"))
                .extracting(BackfillDecision::outcome, BackfillDecision::authId)
                .containsExactly(Outcome.CONFLICT, "local-2");
    }

    /** Pre-hijack: an app row whose email nobody verified is never handed to the Keycloak user with that address. */
    @ParameterizedTest(name = "Keycloak {0}, app column {1}, appVerifiesEmails {2} -> {3}")
    @CsvSource(
            nullValues = "null",
            value = {
                "LOCAL_VERIFIED,   true,  false, LINKED",
                "LOCAL_VERIFIED,   false, false, CONFLICT",
                "LOCAL_VERIFIED,   null,  false, CONFLICT",
                "LOCAL_VERIFIED,   false, true,  LINKED",
                "LOCAL_VERIFIED,   null,  true,  LINKED",
                "LOCAL_UNVERIFIED, true,  false, CONFLICT",
                "LOCAL_UNVERIFIED, true,  true,  CONFLICT",
                "LOCAL_UNVERIFIED, false, false, CONFLICT",
            })
    void aLocalUserIsLinkedByEmailOnlyWithProofOnBothSides(
            EmailOwner owner, Boolean appEmailVerified, boolean appVerifiesEmails, Outcome expected) {
        BackfillDecision decision = BackfillRules.decide(
                new Facts(FEDERATED, true, owner, "local-1", appEmailVerified, appVerifiesEmails), NOBODY_LINKED);
        assertThat(decision.outcome()).isEqualTo(expected);
        assertThat(decision.authId()).isEqualTo("local-1");
        if (expected == Outcome.CONFLICT) {
            assertThat(decision.detail()).startsWith(BackfillRules.EMAIL_LINK_UNVERIFIED + ":");
        }
    }

    @Test
    void theRowsOwnFederatedUserNeedsNoEmailProof() {
        BackfillDecision decision = BackfillRules.decide(
                new Facts(FEDERATED, true, EmailOwner.THIS_ROW, FEDERATED, false, false), NOBODY_LINKED);
        assertThat(decision)
                .extracting(BackfillDecision::outcome, BackfillDecision::authId)
                .containsExactly(Outcome.LINKED, FEDERATED);
    }

    @Test
    void otherProvidersAndAmbiguousEmailsAreConflicts() {
        assertThat(decide(true, EmailOwner.OTHER_PROVIDER, "f:ldap:9").outcome())
                .isEqualTo(Outcome.CONFLICT);
        assertThat(decide(true, EmailOwner.SEVERAL, null).outcome()).isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void withoutAnyKeycloakUserThereIsNoIdentity() {
        BackfillDecision decision = decide(false, EmailOwner.NONE, null);
        assertThat(decision.outcome()).isEqualTo(Outcome.NO_IDENTITY);
        assertThat(decision.authId()).isNull();
    }

    @Test
    void aSubjectAlreadyLinkedToAnotherAppUserIsNeverLinkedTwice() {
        Function<String, Optional<String>> linked = id -> Optional.ofNullable(
                Map.of("local-1", "app-7", FEDERATED, "app-8").get(id));
        BackfillDecision local = BackfillRules.decide(
                new Facts(FEDERATED, true, EmailOwner.LOCAL_VERIFIED, "local-1", true, false), linked);
        assertThat(local.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(local.detail()).contains("app-7");
        assertThat(BackfillRules.decide(new Facts(FEDERATED, true, EmailOwner.NONE, null, true, false), linked)
                        .outcome())
                .isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void outcomesSerialiseAsTheirCodes() {
        assertThat(dev.identitybridge.keycloak.identity.api.Json.write(Outcome.NO_IDENTITY))
                .isEqualTo("\"no_identity\"");
    }
}
