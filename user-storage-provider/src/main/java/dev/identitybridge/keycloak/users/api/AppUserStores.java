package dev.identitybridge.keycloak.users.api;

import java.util.Comparator;
import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProviderModel;

/** The app users tables of a realm: its enabled {@value #PROVIDER_ID} components, highest priority first. */
public final class AppUserStores {

    /** The provider id of the user storage components whose federated ids carry app user ids ({@code f:<componentId>:<appId>}). */
    public static final String PROVIDER_ID = "external-users";

    private AppUserStores() {}

    public static List<AppUserStore> of(KeycloakSession session, RealmModel realm) {
        if (!(session.getKeycloakSessionFactory().getProviderFactory(UserStorageProvider.class, PROVIDER_ID)
                instanceof AppUserStoreSource source)) {
            return List.of();
        }
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> PROVIDER_ID.equals(c.getProviderId()))
                .map(UserStorageProviderModel::new)
                .filter(UserStorageProviderModel::isEnabled)
                .sorted(Comparator.comparingInt(UserStorageProviderModel::getPriority))
                .map(model -> source.store(session, model))
                .toList();
    }
}
