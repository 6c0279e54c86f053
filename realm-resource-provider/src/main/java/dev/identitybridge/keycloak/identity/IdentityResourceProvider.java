package dev.identitybridge.keycloak.identity;

import dev.identitybridge.keycloak.identity.metrics.IdentityMetrics;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** One per request: hands Keycloak the JAX-RS resource for the realm of the URL. */
public class IdentityResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final IdentityConfig config;
    private final IdentityMetrics metrics;

    public IdentityResourceProvider(KeycloakSession session, IdentityConfig config, IdentityMetrics metrics) {
        this.session = session;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Object getResource() {
        return new IdentityResource(session, config, metrics);
    }

    @Override
    public void close() {
        // nothing held
    }
}
