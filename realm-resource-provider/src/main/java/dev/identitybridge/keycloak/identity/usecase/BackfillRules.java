package dev.identitybridge.keycloak.identity.usecase;

import java.util.Optional;
import java.util.function.Function;

/**
 * Which Keycloak subject an unlinked app user gets, decided from what Keycloak knows about it (no side effects):
 * <ol>
 *   <li>Keycloak finds a user by the row's email (local users first, as Keycloak's own lookup does):
 *     <ul>
 *       <li>the row's own federated user: link its {@code f:} id;</li>
 *       <li>a Keycloak-local user: link that user's id only when both emails are verified ({@link EmailLinkRule}: the
 *       local user's, and the row's by its column or the component's {@code appVerifiesEmails}), else
 *       {@code conflict} with a detail starting {@code email_link_unverified} (an unverified address proves nothing);</li>
 *       <li>a user of another federation provider, or several users: {@code conflict}.</li>
 *     </ul></li>
 *   <li>No user has the email (or the row has none): link the row's own federated user if Keycloak serves it,
 *   else {@code no_identity}.</li>
 *   <li>A subject already linked to another app user is never linked twice: {@code conflict}.</li>
 * </ol>
 */
public final class BackfillRules {

    /** Who Keycloak says owns the row's email. */
    public enum EmailOwner {
        NONE,
        THIS_ROW,
        LOCAL_VERIFIED,
        LOCAL_UNVERIFIED,
        OTHER_PROVIDER,
        SEVERAL
    }

    /**
     * @param federatedId         the row's own Keycloak id, {@code f:<component>:<app id>}
     * @param federatedUserExists whether Keycloak serves that user
     * @param emailOwner          who owns the row's email in Keycloak
     * @param ownerId             the Keycloak id of that owner (for {@code LOCAL_*} and {@code OTHER_PROVIDER})
     * @param appEmailVerified    the row's email verified column (null: not mapped or NULL)
     * @param appVerifiesEmails   the component's {@code appVerifiesEmails} statement
     */
    public record Facts(
            String federatedId,
            boolean federatedUserExists,
            EmailOwner emailOwner,
            String ownerId,
            Boolean appEmailVerified,
            boolean appVerifiesEmails) {}

    /** The start of a conflict's detail when the email link lacks proof (a stable code for readers of the audit). */
    public static final String EMAIL_LINK_UNVERIFIED = "email_link_unverified";

    private BackfillRules() {}

    /**
     * @param linkedAppUser the app user id a subject is already linked to, if any
     */
    public static BackfillDecision decide(Facts facts, Function<String, Optional<String>> linkedAppUser) {
        return switch (facts.emailOwner()) {
            case LOCAL_VERIFIED, LOCAL_UNVERIFIED -> {
                EmailLinkRule.Verdict verdict = EmailLinkRule.decide(
                        facts.emailOwner() == EmailOwner.LOCAL_VERIFIED,
                        facts.appEmailVerified(),
                        facts.appVerifiesEmails());
                yield verdict.allowed()
                        ? link(
                                facts.ownerId(),
                                "Keycloak-local user with this email, both emails verified",
                                linkedAppUser)
                        : BackfillDecision.conflict(
                                facts.ownerId(),
                                EMAIL_LINK_UNVERIFIED + ": a Keycloak-local user has this email, but "
                                        + verdict.explanation());
            }
            case OTHER_PROVIDER ->
                BackfillDecision.conflict(facts.ownerId(), "the email belongs to a Keycloak user of another provider");
            case SEVERAL -> BackfillDecision.conflict(null, "several Keycloak users have this email");
            case THIS_ROW, NONE ->
                facts.federatedUserExists()
                        ? link(facts.federatedId(), "federated user", linkedAppUser)
                        : BackfillDecision.noIdentity(
                                "Keycloak has no user for this app user (no federated user, no local user with its email)");
        };
    }

    private static BackfillDecision link(String authId, String why, Function<String, Optional<String>> linkedAppUser) {
        return linkedAppUser
                .apply(authId)
                .map(other -> BackfillDecision.conflict(authId, "the subject is already linked to app user " + other))
                .orElseGet(() -> BackfillDecision.linked(authId, why));
    }
}
