package dev.identitybridge.keycloak.identity;

import dev.identitybridge.keycloak.identity.usecase.AuditSchema;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** One per request: hands Keycloak the JAX-RS resource for the realm of the URL. */
public class IdentityResourceProvider implements RealmResourceProvider {

    private final KeycloakSession session;
    private final IdentityConfig config;
    private final AuditSchema auditSchema;

    public IdentityResourceProvider(KeycloakSession session, IdentityConfig config, AuditSchema auditSchema) {
        this.session = session;
        this.config = config;
        this.auditSchema = auditSchema;
    }

    @Override
    public Object getResource() {
        return new IdentityResource(session, config, auditSchema);
    }

    @Override
    public void close() {
        // nothing held
    }
}
