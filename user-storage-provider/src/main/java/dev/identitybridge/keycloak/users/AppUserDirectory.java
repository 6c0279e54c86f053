package dev.identitybridge.keycloak.users;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.storage.UserStorageProviderModel;

import java.util.Comparator;
import java.util.List;

/** Finds the app users tables of a realm: its enabled {@code external-users} components, highest priority first. */
public final class AppUserDirectory {

    private AppUserDirectory() {
    }

    public static List<AppUserStore> stores(KeycloakSession session, RealmModel realm) {
        ExternalUsersProviderFactory factory = (ExternalUsersProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(UserStorageProvider.class, ExternalUsersProviderFactory.PROVIDER_ID);
        if (factory == null) {
            return List.of();
        }
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> ExternalUsersProviderFactory.PROVIDER_ID.equals(c.getProviderId()))
                .map(UserStorageProviderModel::new)
                .filter(UserStorageProviderModel::isEnabled)
                .sorted(Comparator.comparingInt(UserStorageProviderModel::getPriority))
                .map(model -> factory.store(session, model))
                .toList();
    }
}
