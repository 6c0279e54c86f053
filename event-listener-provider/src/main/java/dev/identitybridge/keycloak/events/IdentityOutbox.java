package dev.identitybridge.keycloak.events;

import java.util.Map;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The outbox for code of other Identity Bridge modules: records events Keycloak itself does not send, in the
 * caller's transaction, exactly like the listener records Keycloak's events.
 */
public final class IdentityOutbox {

    private IdentityOutbox() {}

    /**
     * Records {@code identity.user.provisioned.v1}: a user was created by the identity resource (not by a Keycloak
     * registration). Writes nothing when the realm does not use the {@code outbox} listener or the type is excluded.
     *
     * @param authId    the new user's Keycloak id
     * @param appUserId the app's user id, or null to derive it from a federated {@code authId}
     * @param clientId  the client that asked for the provisioning, or null
     * @return whether a row was added to the current transaction
     */
    public static boolean recordUserProvisioned(
            KeycloakSession session, RealmModel realm, String authId, String appUserId, String clientId) {
        return record(session, realm, OutboxType.USER_PROVISIONED, authId, appUserId, clientId, Map.of());
    }

    /**
     * Records {@code identity.user.linked.v1}: an existing app user was linked to a Keycloak subject (its auth id
     * written) by the identity resource. Writes nothing when the realm does not use the {@code outbox} listener or
     * the type is excluded.
     *
     * @param linkedBy the operation that wrote the link ({@code bootstrap}, {@code resolve}, {@code backfill}), the
     *                 payload's {@code details.linkedBy}
     * @return whether a row was added to the current transaction
     */
    public static boolean recordUserLinked(
            KeycloakSession session,
            RealmModel realm,
            String authId,
            String appUserId,
            String clientId,
            String linkedBy) {
        return record(
                session,
                realm,
                OutboxType.USER_LINKED,
                authId,
                appUserId,
                clientId,
                linkedBy == null ? Map.of() : Map.of("linkedBy", linkedBy));
    }

    private static boolean record(
            KeycloakSession session,
            RealmModel realm,
            OutboxType type,
            String authId,
            String appUserId,
            String clientId,
            Map<String, String> details) {
        boolean enabled = realm.getEventsListenersStream().anyMatch(OutboxEventListenerProviderFactory.ID::equals);
        if (!enabled || authId == null) {
            return false;
        }
        EventListenerProvider provider =
                session.getProvider(EventListenerProvider.class, OutboxEventListenerProviderFactory.ID);
        return provider instanceof OutboxEventListenerProvider outbox
                && outbox.recordIdentityEvent(type, realm, authId, appUserId, clientId, details);
    }
}
