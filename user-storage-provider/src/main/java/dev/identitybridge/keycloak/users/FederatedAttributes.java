package dev.identitybridge.keycloak.users;

import java.util.List;
import java.util.function.Supplier;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.federated.UserFederatedStorageProvider;

/**
 * One user's attributes in Keycloak's federated storage, read once and kept until the next write: Keycloak's base
 * adapter reads them again for every property (enabled, created timestamp, each attribute), which made an admin user
 * list of 20 users cost about 100 queries. Every write goes through here and forgets what was read, so a read after a
 * write sees the new value whatever wrote it (the edit mode's shadow values included).
 */
final class FederatedAttributes {

    private final Supplier<UserFederatedStorageProvider> storage;
    private final RealmModel realm;
    private final String keycloakId;
    private MultivaluedHashMap<String, String> read;

    FederatedAttributes(Supplier<UserFederatedStorageProvider> storage, RealmModel realm, String keycloakId) {
        this.storage = storage;
        this.realm = realm;
        this.keycloakId = keycloakId;
    }

    /** All of them, as stored (Keycloak's internal names such as {@code EMAIL} included). */
    MultivaluedHashMap<String, String> all() {
        if (read == null) {
            MultivaluedHashMap<String, String> stored = storage.get().getAttributes(realm, keycloakId);
            read = stored == null ? new MultivaluedHashMap<>() : stored;
        }
        return read;
    }

    String first(String name) {
        return all().getFirst(name);
    }

    List<String> values(String name) {
        return all().get(name);
    }

    void set(String name, String value) {
        storage.get().setSingleAttribute(realm, keycloakId, name, value);
        read = null;
    }

    void set(String name, List<String> values) {
        storage.get().setAttribute(realm, keycloakId, name, values);
        read = null;
    }

    void remove(String name) {
        storage.get().removeAttribute(realm, keycloakId, name);
        read = null;
    }
}
