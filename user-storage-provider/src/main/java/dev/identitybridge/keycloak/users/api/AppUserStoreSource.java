package dev.identitybridge.keycloak.users.api;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;

/** What hands out the app user store of a component: the {@value AppUserStores#PROVIDER_ID} provider factory. */
public interface AppUserStoreSource {

    AppUserStore store(KeycloakSession session, ComponentModel component);
}
