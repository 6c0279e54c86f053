package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.ExternalUsersConfig;
import dev.identitybridge.keycloak.users.password.PasswordHasher;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * What one edit mode ({@code editMode}) lets Keycloak change about app users, and where each change goes: the app
 * table ({@link WritableMode}), nowhere ({@link ReadOnlyMode}) or Keycloak's own storage, where it shadows the app's
 * value ({@link UnsyncedMode}). Chosen once per component configuration ({@link ComponentRuntime}); the provider,
 * its adapters and {@link PasswordLogin} ask it instead of testing the mode. Immutable.
 */
sealed interface EditModePolicy permits ReadOnlyMode, WritableMode, UnsyncedMode {

    static EditModePolicy of(ExternalUsersConfig config, PasswordHasher hasher) {
        return switch (config.writes().editMode()) {
            case READ_ONLY -> new ReadOnlyMode(config.mapping());
            case WRITABLE -> new WritableMode(config.writes(), hasher);
            case UNSYNCED -> new UnsyncedMode(config.mapping());
        };
    }

    EditMode editMode();

    // --- lookups ---

    /** How the provider finds users, for {@link #userByEmail}. */
    interface UserLookups {

        /** The user with this email in the app table, or null (nobody, or the app database is unreachable). */
        UserModel byAppEmail(String email);

        UserModel byKeycloakId(String keycloakId);

        /** Whether a Keycloak id is one of this component's users. */
        boolean isOwn(String keycloakId);
    }

    /** The user Keycloak finds by {@code email} (not a user created in this request). */
    default UserModel userByEmail(KeycloakSession session, RealmModel realm, String email, UserLookups lookups) {
        return lookups.byAppEmail(email);
    }

    // --- the profile, through the adapter (mapped properties only) ---

    /** The value of a mapped property as Keycloak sees it. */
    default Object read(ProfileField field, UserValueStores user) {
        return user.row().value(field);
    }

    /** A change of a mapped property (not the enabled flag, see {@link #setEnabled}). */
    void write(ProfileField field, Object value, UserValueStores user);

    /** The value of an attribute of an attribute column ({@code attributeColumns}) as Keycloak sees it, or null. */
    default String readAttribute(String attribute, UserValueStores user) {
        return user.row().attribute(attribute);
    }

    /** A change of an attribute of an attribute column ({@code null}: removed). */
    void writeAttribute(String attribute, String value, UserValueStores user);

    /**
     * An admin's (or a lockout's) enable or disable: Keycloak's own switch, in federated storage; a user the app
     * disabled cannot be enabled without writing to the app table.
     */
    default void setEnabled(boolean enabled, boolean appColumnMapped, UserValueStores user) {
        if (appColumnMapped && !Boolean.TRUE.equals(user.row().value(ProfileField.ENABLED))) {
            refuseChange(ProfileField.ENABLED.attribute(), false, enabled);
        }
        user.setEnabledInKeycloak(enabled);
    }

    /** The user-profile attributes Keycloak must not let users or admins change for this component's users. */
    List<String> readOnlyProfileAttributes();

    // --- creation and removal ---

    /** Whether a user Keycloak creates gets an app row (false: Keycloak keeps it as a local user). */
    default boolean registersInAppTable() {
        return false;
    }

    /**
     * Removes a user (the "On delete" option says what happens to its row).
     *
     * @return false when refused (Keycloak answers "User couldn't be deleted")
     */
    default boolean removeUser(AppRowChanges row) {
        return false;
    }

    // --- passwords ---

    /**
     * A new password set in Keycloak.
     *
     * @return whether this mode stored it (false: Keycloak keeps it itself)
     * @throws ReadOnlyException when the mode refuses it
     */
    boolean updatePassword(
            KeycloakSession session, RealmModel realm, UserModel user, String password, AppRowChanges row);

    /**
     * Removes the user's password (Keycloak's "delete credential").
     *
     * @param columnAcceptsNull whether the app's password column accepts NULL (asked only by a mode that writes)
     * @throws ReadOnlyException when the mode or the column refuses it
     */
    void removePassword(BooleanSupplier columnAcceptsNull, AppRowChanges row);

    /** Whether Keycloak may offer to remove a user's password (then {@link #removePassword} writes). */
    default boolean removesPasswords() {
        return false;
    }

    /** Whether the user's password is kept by Keycloak instead of checked against the app's hash. */
    default boolean passwordKeptByKeycloak(UserModel user) {
        return false;
    }

    /** Whether a successful password check writes the user's Keycloak subject into an empty auth id column. */
    default boolean linksAuthIdOnLogin() {
        return false;
    }

    /** Whether a successful password check re-writes a weaker hash with the configured algorithm. */
    default boolean rehashesOnLogin() {
        return false;
    }

    /** Setting a read-only value to what it already is is fine; changing it is not. */
    static void refuseChange(String attribute, Object current, Object requested) {
        if (!Objects.equals(current, requested)) {
            throw new ReadOnlyException("The attribute '" + attribute
                    + "' of this user is read-only: it comes from the app's users table.");
        }
    }
}
