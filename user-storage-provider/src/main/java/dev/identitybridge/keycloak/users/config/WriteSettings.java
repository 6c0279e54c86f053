package dev.identitybridge.keycloak.users.config;

import dev.identitybridge.keycloak.users.password.HashingPolicy;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * What Keycloak may write to the app table and how.
 *
 * @param editMode          how profile and password changes are handled
 * @param syncRegistrations whether users created in Keycloak get an app row (needs {@link EditMode#WRITABLE})
 * @param idGeneration      where the id of a new row comes from
 * @param onDelete          what removing a user does to its row (anything but refuse needs {@link EditMode#WRITABLE})
 * @param hashing           algorithm and cost of the hashes written
 * @param rehashOnLogin     whether a hash in another algorithm or cost is upgraded after a successful login
 */
public record WriteSettings(
        EditMode editMode,
        boolean syncRegistrations,
        IdGeneration idGeneration,
        DeleteAction onDelete,
        HashingPolicy hashing,
        boolean rehashOnLogin) {

    public boolean writable() {
        return editMode == EditMode.WRITABLE;
    }

    /** Re-hash and authId linking write to the app table, so they only happen in {@link EditMode#WRITABLE}. */
    public boolean upgradesHashes() {
        return writable() && rehashOnLogin;
    }
}
