package dev.identitybridge.keycloak.events;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The outbox for code of other Identity Bridge modules: records events Keycloak itself does not send, in the
 * caller's transaction, exactly like the listener records Keycloak's events.
 */
public final class IdentityOutbox {

    private IdentityOutbox() {
    }

    /**
     * Records {@code identity.user.provisioned.v1}: a user was created by the identity resource (not by a Keycloak
     * registration). Writes nothing when the realm does not use the {@code outbox} listener or the type is excluded.
     *
     * @param authId    the new user's Keycloak id
     * @param appUserId the app's user id, or null to derive it from a federated {@code authId}
     * @param clientId  the client that asked for the provisioning, or null
     * @return whether a row was added to the current transaction
     */
    public static boolean recordUserProvisioned(KeycloakSession session, RealmModel realm, String authId, String appUserId,
                                                String clientId) {
        boolean enabled = realm.getEventsListenersStream().anyMatch(OutboxEventListenerProviderFactory.ID::equals);
        if (!enabled || authId == null) {
            return false;
        }
        EventListenerProvider provider = session.getProvider(EventListenerProvider.class, OutboxEventListenerProviderFactory.ID);
        return provider instanceof OutboxEventListenerProvider outbox && outbox.recordUserProvisioned(realm, authId, appUserId, clientId);
    }
}
