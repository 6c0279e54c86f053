package dev.identitybridge.keycloak.identity.usecase;

/**
 * When a Keycloak user may be linked to an existing app user because they share an email (bootstrap, resolve with
 * provisioning, backfill): only with proof on both sides. An address anyone can type proves nothing: the app's own
 * sign-up may store someone else's address unverified (account pre-hijack), and a Keycloak user may carry an address
 * nobody confirmed.
 * <ul>
 *   <li>Keycloak side: the user's email is verified ({@code emailVerified}).</li>
 *   <li>App side: the row's email verified column is mapped and true, or the realm admin stated on the component
 *   that the app verifies every email it stores (option {@code appVerifiesEmails}).</li>
 * </ul>
 */
public final class EmailLinkRule {

    /** The decision, with the side that lacks proof. */
    public enum Verdict {
        LINK,
        KEYCLOAK_EMAIL_UNVERIFIED,
        APP_EMAIL_UNVERIFIED,
        NEITHER_VERIFIED;

        public boolean allowed() {
            return this == LINK;
        }

        /** For error descriptions and audit rows: which proof is missing (no personal data). */
        public String explanation() {
            return switch (this) {
                case LINK -> "both emails are verified";
                case KEYCLOAK_EMAIL_UNVERIFIED -> "the Keycloak user's email is not verified";
                case APP_EMAIL_UNVERIFIED ->
                    "the app user's email is not verified (email verified column unmapped or false, "
                            + "and the component does not state appVerifiesEmails)";
                case NEITHER_VERIFIED -> "neither the Keycloak user's nor the app user's email is verified";
            };
        }
    }

    private EmailLinkRule() {}

    /**
     * @param keycloakEmailVerified whether Keycloak marks the user's email verified
     * @param appEmailVerified      the row's email verified column: null when the column is not mapped (or NULL)
     * @param appVerifiesEmails     the component's {@code appVerifiesEmails} statement
     */
    public static Verdict decide(boolean keycloakEmailVerified, Boolean appEmailVerified, boolean appVerifiesEmails) {
        boolean appProven = appVerifiesEmails || Boolean.TRUE.equals(appEmailVerified);
        if (keycloakEmailVerified && appProven) {
            return Verdict.LINK;
        }
        if (keycloakEmailVerified) {
            return Verdict.APP_EMAIL_UNVERIFIED;
        }
        return appProven ? Verdict.KEYCLOAK_EMAIL_UNVERIFIED : Verdict.NEITHER_VERIFIED;
    }
}
