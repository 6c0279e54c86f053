package dev.identitybridge.keycloak.events;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Registers {@link OutboxEntity} and the changelog that creates {@code identity_outbox} in Keycloak's database. */
final class OutboxJpaEntityProvider implements JpaEntityProvider {

    static final String CHANGELOG = "META-INF/identity-bridge/outbox/outbox-changelog.xml";

    @Override
    public List<Class<?>> getEntities() {
        return List.of(OutboxEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return CHANGELOG;
    }

    @Override
    public String getFactoryId() {
        return OutboxJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {}
}
