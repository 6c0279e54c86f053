package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ConfigKeys;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * One Keycloak request against an {@code external-users} component in one edit mode: the provider, the realm and
 * the session fakes (federated storage, enlisted transactions). WRITABLE components sync registrations and delete
 * rows unless the options say otherwise.
 */
final class EditModeRequest {

    final KeycloakFakes.Session keycloak;
    final RealmModel realm = KeycloakFakes.realm();
    final ExternalUsersProvider provider;
    private final AppTableFixture appTable;
    private final Map<String, String> options;

    private EditModeRequest(AppTableFixture appTable, Map<String, String> options, KeycloakFakes.Session keycloak) {
        this.appTable = appTable;
        this.options = options;
        this.keycloak = keycloak;
        provider = new ExternalUsersProvider(
                keycloak.session(), AppTableFixture.component(), appTable.runtime(options), Clock.systemUTC());
    }

    static EditModeRequest of(AppTableFixture appTable, EditMode mode) {
        return of(appTable, mode, Map.of());
    }

    static EditModeRequest of(AppTableFixture appTable, EditMode mode, Map<String, String> extra) {
        Map<String, String> options = new HashMap<>();
        options.put(ConfigKeys.EDIT_MODE, mode.name());
        if (mode == EditMode.WRITABLE) {
            options.put(ConfigKeys.SYNC_REGISTRATIONS, "true");
            options.put(ConfigKeys.ON_DELETE, "DELETE");
        }
        options.putAll(extra);
        return new EditModeRequest(appTable, options, new KeycloakFakes.Session());
    }

    /** The next request: same component, same Keycloak storage, nothing of this request's pending changes. */
    EditModeRequest next() {
        return new EditModeRequest(appTable, options, keycloak);
    }

    UserModel user(String appId) {
        return provider.getUserById(realm, AppTableFixture.keycloakId(appId));
    }

    Map<String, List<String>> federatedAttributes(String appId) {
        return keycloak.federated.attributes(AppTableFixture.keycloakId(appId));
    }

    void commit() {
        keycloak.commit();
    }
}
