package dev.identitybridge.keycloak.events;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The outbox table's JPA registration. Keycloak records the changelog in {@code DATABASECHANGELOG_IDENTITY_O}
 * (derived from this id).
 */
public final class OutboxJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "identity-outbox";
    private static final OutboxJpaEntityProvider PROVIDER = new OutboxJpaEntityProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return ID;
    }
}
