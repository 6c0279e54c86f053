package dev.identitybridge.keycloak.users.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderEvent;

class AppUserProvisionedEventTest {

    @Test
    void publishesItselfOnTheSessionsFactory() {
        List<ProviderEvent> published = new ArrayList<>();
        KeycloakSessionFactory factory = (KeycloakSessionFactory) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {KeycloakSessionFactory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("publish")) {
                        published.add((ProviderEvent) args[0]);
                    }
                    return null;
                });
        KeycloakSession session = (KeycloakSession) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {KeycloakSession.class},
                (proxy, method, args) -> method.getName().equals("getKeycloakSessionFactory") ? factory : null);

        AppUserProvisionedEvent event =
                new AppUserProvisionedEvent(session, null, "kc-1", "app-1", "component-1", "gateway");
        event.publish();

        assertThat(published).containsExactly(event);
        assertThat(event.getKeycloakSession()).isSameAs(session);
        assertThat(event.authId()).isEqualTo("kc-1");
        assertThat(event.appUserId()).isEqualTo("app-1");
        assertThat(event.componentId()).isEqualTo("component-1");
        assertThat(event.clientId()).isEqualTo("gateway");
    }
}
