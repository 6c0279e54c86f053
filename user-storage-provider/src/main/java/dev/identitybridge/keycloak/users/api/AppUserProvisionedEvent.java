package dev.identitybridge.keycloak.users.api;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

/**
 * Published on the session factory after an app user was created for a Keycloak user and linked to it (the
 * identity resource's {@code 201}), in the request's session. Listeners (the outbox) turn it into
 * {@code identity.user.provisioned.v1}; nothing in this module depends on who listens.
 *
 * @param session     the request's session (the creation is committed in the app database)
 * @param realm       the realm of the Keycloak user
 * @param authId      the Keycloak subject now linked to the app user
 * @param appUserId   the new app user id
 * @param componentId the external-users component whose table holds the row
 * @param clientId    the client whose token asked for the provisioning (the user's client for bootstrap, the service
 *                    account's for resolve)
 */
public record AppUserProvisionedEvent(
        KeycloakSession session, RealmModel realm, String authId, String appUserId, String componentId, String clientId)
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
