package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.identity.usecase.BackfillDecision.Outcome;
import dev.identitybridge.keycloak.identity.usecase.BackfillRules.EmailOwner;
import dev.identitybridge.keycloak.identity.usecase.BackfillRules.Facts;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillRulesTest {

    private static final String FEDERATED = "f:c1:42";
    private static final Function<String, Optional<String>> NOBODY_LINKED = id -> Optional.empty();

    private static BackfillDecision decide(boolean federatedExists, EmailOwner owner, String ownerId) {
        return BackfillRules.decide(new Facts(FEDERATED, federatedExists, owner, ownerId), NOBODY_LINKED);
    }

    @Test
    void federatedRowsGetTheirOwnSubject() {
        assertThat(decide(true, EmailOwner.THIS_ROW, FEDERATED)).extracting(BackfillDecision::outcome, BackfillDecision::authId)
                .containsExactly(Outcome.LINKED, FEDERATED);
        assertThat(decide(true, EmailOwner.NONE, null)).extracting(BackfillDecision::outcome, BackfillDecision::authId)
                .containsExactly(Outcome.LINKED, FEDERATED);
    }

    @Test
    void aLocalUserWithTheEmailWinsOnlyIfItsEmailIsVerified() {
        assertThat(decide(true, EmailOwner.LOCAL_VERIFIED, "local-1")).extracting(BackfillDecision::outcome, BackfillDecision::authId)
                .containsExactly(Outcome.LINKED, "local-1");
        assertThat(decide(true, EmailOwner.LOCAL_UNVERIFIED, "local-2")).extracting(BackfillDecision::outcome, BackfillDecision::authId)
                .containsExactly(Outcome.CONFLICT, "local-2");
    }

    @Test
    void otherProvidersAndAmbiguousEmailsAreConflicts() {
        assertThat(decide(true, EmailOwner.OTHER_PROVIDER, "f:ldap:9").outcome()).isEqualTo(Outcome.CONFLICT);
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
        Function<String, Optional<String>> linked = id -> Optional.ofNullable(Map.of("local-1", "app-7", FEDERATED, "app-8").get(id));
        BackfillDecision local = BackfillRules.decide(new Facts(FEDERATED, true, EmailOwner.LOCAL_VERIFIED, "local-1"), linked);
        assertThat(local.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(local.detail()).contains("app-7");
        assertThat(BackfillRules.decide(new Facts(FEDERATED, true, EmailOwner.NONE, null), linked).outcome()).isEqualTo(Outcome.CONFLICT);
    }

    @Test
    void outcomesSerialiseAsTheirCodes() {
        assertThat(dev.identitybridge.keycloak.identity.api.Json.write(Outcome.NO_IDENTITY)).isEqualTo("\"no_identity\"");
    }
}
