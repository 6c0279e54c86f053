package dev.identitybridge.keycloak.identity;

import dev.identitybridge.keycloak.identity.metrics.IdentityMetrics;
import dev.identitybridge.keycloak.users.api.MetricsSwitch;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * {@code /realms/{realm}/identity}: resolve, bootstrap, support view and auth id backfill over the realm's
 * external-users tables. Options are read once at start-up; the provider is per request.
 */
public class IdentityResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "identity";

    private IdentityConfig config = IdentityConfig.defaults();
    private IdentityMetrics metrics;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new IdentityResourceProvider(session, config, metrics);
    }

    @Override
    public void init(Config.Scope scope) {
        config = IdentityConfig.parse(scope::get);
        metrics = new IdentityMetrics(MetricsSwitch.registry(scope::get));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // no resources of its own: pools belong to the external-users components
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(IdentityConfig.RESOLVE_CLIENT_ID)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Client whose role allows POST /resolve")
                .defaultValue(IdentityConfig.DEFAULT_RESOLVE_CLIENT_ID)
                .add()
                .property()
                .name(IdentityConfig.RESOLVE_ROLE)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Client role of that client that allows POST /resolve")
                .defaultValue(IdentityConfig.DEFAULT_RESOLVE_ROLE)
                .add()
                .property()
                .name(IdentityConfig.BACKFILL_BATCH_SIZE)
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText(
                        "App users examined per POST /backfill call (1-" + IdentityConfig.MAX_BACKFILL_BATCH_SIZE + ")")
                .defaultValue(IdentityConfig.DEFAULT_BACKFILL_BATCH_SIZE)
                .add()
                .property()
                .name(IdentityConfig.RETRY_AFTER_SECONDS)
                .type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Retry-After (seconds) of a 503 while the app database is unreachable")
                .defaultValue(IdentityConfig.DEFAULT_RETRY_AFTER_SECONDS)
                .add()
                .property()
                .name(IdentityConfig.REQUIRED_AUDIENCE)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText(
                        "When set, every call's token must carry this audience (aud), e.g. identity-bridge; default: none")
                .add()
                .property(MetricsSwitch.property())
                .build();
    }
}
