package dev.identitybridge.keycloak.users.api;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Published on the session factory after an existing app user was linked to a Keycloak subject (its auth id column
 * written) by the identity resource ({@code bootstrap}, {@code resolve} with provisioning, {@code backfill}), in the
 * request's session. Listeners (the outbox) turn it into {@code identity.user.linked.v1}; nothing in this module
 * depends on who listens.
 *
 * @param session     the request's session (the link is committed in the app database)
 * @param realm       the realm of the Keycloak user
 * @param authId      the Keycloak subject now linked to the app user
 * @param appUserId   the app user id
 * @param componentId the external-users component whose table holds the row
 * @param clientId    the client whose token asked for the link (the user's client for bootstrap, the service
 *                    account's for resolve and backfill)
 * @param linkedBy    the operation that wrote the link: {@code bootstrap}, {@code resolve} or {@code backfill}
 */
public record AppUserLinkedEvent(
        KeycloakSession session,
        RealmModel realm,
        String authId,
        String appUserId,
        String componentId,
        String clientId,
        String linkedBy)
        implements ProviderEvent {

    @Override
    public KeycloakSession getKeycloakSession() {
        return session;
    }

    /** Publishes the event to every provider event listener of the session's factory. */
    public void publish() {
        session.getKeycloakSessionFactory().publish(this);
    }
}
