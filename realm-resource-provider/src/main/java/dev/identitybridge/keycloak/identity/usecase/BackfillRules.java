package dev.identitybridge.keycloak.identity.usecase;

import java.util.Optional;
import java.util.function.Function;

/**
 * Which Keycloak subject an unlinked app user gets, decided from what Keycloak knows about it (no side effects):
 * <ol>
 *   <li>Keycloak finds a user by the row's email (local users first, as Keycloak's own lookup does):
 *     <ul>
 *       <li>the row's own federated user: link its {@code f:} id;</li>
 *       <li>a Keycloak-local user with a verified email: link that user's id;</li>
 *       <li>a Keycloak-local user whose email is not verified: {@code conflict} (an unverified address proves nothing);</li>
 *       <li>a user of another federation provider, or several users: {@code conflict}.</li>
 *     </ul></li>
 *   <li>No user has the email (or the row has none): link the row's own federated user if Keycloak serves it,
 *   else {@code no_identity}.</li>
 *   <li>A subject already linked to another app user is never linked twice: {@code conflict}.</li>
 * </ol>
 */
public final class BackfillRules {

    /** Who Keycloak says owns the row's email. */
    public enum EmailOwner { NONE, THIS_ROW, LOCAL_VERIFIED, LOCAL_UNVERIFIED, OTHER_PROVIDER, SEVERAL }

    /**
     * @param federatedId         the row's own Keycloak id, {@code f:<component>:<app id>}
     * @param federatedUserExists whether Keycloak serves that user
     * @param emailOwner          who owns the row's email in Keycloak
     * @param ownerId             the Keycloak id of that owner (for {@code LOCAL_*} and {@code OTHER_PROVIDER})
     */
    public record Facts(String federatedId, boolean federatedUserExists, EmailOwner emailOwner, String ownerId) {
    }

    private BackfillRules() {
    }

    /**
     * @param linkedAppUser the app user id a subject is already linked to, if any
     */
    public static BackfillDecision decide(Facts facts, Function<String, Optional<String>> linkedAppUser) {
        return switch (facts.emailOwner()) {
            case LOCAL_VERIFIED -> link(facts.ownerId(), "Keycloak-local user with this verified email", linkedAppUser);
            case LOCAL_UNVERIFIED -> BackfillDecision.conflict(facts.ownerId(),
                    "a Keycloak-local user has this email, but it is not verified");
            case OTHER_PROVIDER -> BackfillDecision.conflict(facts.ownerId(),
                    "the email belongs to a Keycloak user of another provider");
            case SEVERAL -> BackfillDecision.conflict(null, "several Keycloak users have this email");
            case THIS_ROW, NONE -> facts.federatedUserExists()
                    ? link(facts.federatedId(), "federated user", linkedAppUser)
                    : BackfillDecision.noIdentity("Keycloak has no user for this app user (no federated user, no local user with its email)");
        };
    }

    private static BackfillDecision link(String authId, String why, Function<String, Optional<String>> linkedAppUser) {
        return linkedAppUser.apply(authId)
                .map(other -> BackfillDecision.conflict(authId, "the subject is already linked to app user " + other))
                .orElseGet(() -> BackfillDecision.linked(authId, why));
    }
}
