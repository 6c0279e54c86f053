package dev.identitybridge.keycloak.identity.usecase;

import dev.identitybridge.keycloak.users.api.AppUser;
import dev.identitybridge.keycloak.users.api.AppUserStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The realm's app users tables (highest priority first), searched in order: one indexed statement per table asked. */
public final class AppUsers {

    /** An app user and the table it was found in. */
    public record Found(AppUserStore store, AppUser user) {}

    private final List<AppUserStore> stores;

    public AppUsers(List<AppUserStore> stores) {
        this.stores = List.copyOf(stores);
    }

    public List<AppUserStore> stores() {
        return stores;
    }

    public Optional<Found> byEmail(String email) {
        return first(store -> store.findByEmail(email));
    }

    public Optional<Found> byId(String appId) {
        return first(store -> store.findById(appId));
    }

    /**
     * The app user of a Keycloak subject: for a federated id {@code f:<component>:<id>} the row it names, else the
     * row whose stored auth id it is.
     */
    public Optional<Found> byAuthId(String authId) {
        for (AppUserStore store : stores) {
            Optional<String> appId = store.appIdOf(authId);
            if (appId.isPresent()) {
                Optional<AppUser> user = store.findById(appId.get());
                if (user.isPresent()) {
                    return Optional.of(new Found(store, user.get()));
                }
            }
        }
        return byStoredAuthId(authId);
    }

    /** The app user whose auth id column holds {@code authId}. */
    public Optional<Found> byStoredAuthId(String authId) {
        return first(store -> store.findByAuthId(authId));
    }

    /** The highest-priority table that accepts new, linked app users. */
    public Optional<AppUserStore> provisioningTarget() {
        return stores.stream().filter(AppUserStore::acceptsLinks).findFirst();
    }

    private Optional<Found> first(Function<AppUserStore, Optional<AppUser>> lookup) {
        for (AppUserStore store : stores) {
            Optional<AppUser> user = lookup.apply(store);
            if (user.isPresent()) {
                return Optional.of(new Found(store, user.get()));
            }
        }
        return Optional.empty();
    }
}
