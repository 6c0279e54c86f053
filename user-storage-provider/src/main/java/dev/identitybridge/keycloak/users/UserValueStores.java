package dev.identitybridge.keycloak.users;

import org.keycloak.storage.adapter.AbstractUserAdapterFederatedStorage;

/**
 * Where the values of one user seen through an adapter live: its app row (shared by every adapter of the user in the
 * request, written when Keycloak commits) and its attributes in Keycloak's federated storage. An edit mode decides
 * which of the two a change goes to.
 */
record UserValueStores(AppRowInRequest row, AppTableWrites appTable, FederatedAttributes federated) {

    /** Keeps a change of the row, to be written when Keycloak commits. */
    void rowChanged() {
        appTable.touch(row);
    }

    /** Keycloak's own switch (brute-force lockout, an admin's "disable"): enabled unless federated storage says otherwise. */
    boolean enabledInKeycloak() {
        String stored = federated.first(AbstractUserAdapterFederatedStorage.ENABLED_ATTRIBUTE);
        return stored == null || Boolean.parseBoolean(stored);
    }

    void setEnabledInKeycloak(boolean enabled) {
        federated.set(AbstractUserAdapterFederatedStorage.ENABLED_ATTRIBUTE, Boolean.toString(enabled));
    }
}
