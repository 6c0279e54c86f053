package dev.identitybridge.keycloak.users;

import java.util.function.Consumer;

/**
 * Changes the app row of one user for the provider (password, removal): the row is found when an edit mode writes,
 * and the change is kept to be written when Keycloak commits.
 */
@FunctionalInterface
interface AppRowChanges {

    void change(Consumer<AppRowInRequest> change);
}
