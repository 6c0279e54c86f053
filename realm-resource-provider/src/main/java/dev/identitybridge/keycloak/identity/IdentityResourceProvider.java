package dev.identitybridge.keycloak.identity;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** One per request: hands Keycloak the JAX-RS resource for the realm of the URL. */
public class IdentityResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final IdentityConfig config;

    public IdentityResourceProvider(KeycloakSession session, IdentityConfig config) {
        this.session = session;
        this.config = config;
    }

    @Override
    public Object getResource() {
        return new IdentityResource(session, config);
    }

    @Override
    public void close() {
        // nothing held
    }
}
