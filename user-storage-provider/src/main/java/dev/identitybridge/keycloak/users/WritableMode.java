package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.DeleteAction;
import dev.identitybridge.keycloak.users.config.WriteSettings;
import dev.identitybridge.keycloak.users.password.PasswordHasher;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * WRITABLE: changes of mapped properties, passwords, removals (per "On delete") and, with "Sync registrations", new
 * users go to the app table, in one local transaction when Keycloak commits ({@link AppTableWrites}); a
 * successful login links the auth id and may upgrade the hash. Nothing of the profile is read-only.
 */
record WritableMode(WriteSettings settings, PasswordHasher hasher) implements EditModePolicy {

    @Override
    public EditMode editMode() {
        return EditMode.WRITABLE;
    }

    @Override
    public void write(ProfileField field, Object value, UserValueStores user) {
        if (user.row().set(field, value)) {
            user.rowChanged();
        }
    }

    /** Written to the attribute's column when Keycloak commits; a value the column cannot hold is refused now. */
    @Override
    public void writeAttribute(String attribute, String value, UserValueStores user) {
        String normalised = AppRowInRequest.normaliseAttribute(value);
        if (!Objects.equals(user.row().attribute(attribute), normalised)) {
            user.appTable().checkAttribute(attribute, normalised);
        }
        if (user.row().setAttribute(attribute, normalised)) {
            user.rowChanged();
        }
    }

    /** Written to the enabled column when mapped; enabling also lifts an earlier Keycloak-side disable (e.g. a lockout). */
    @Override
    public void setEnabled(boolean enabled, boolean appColumnMapped, UserValueStores user) {
        if (!appColumnMapped) {
            user.setEnabledInKeycloak(enabled);
            return;
        }
        if (user.row().set(ProfileField.ENABLED, enabled)) {
            user.rowChanged();
        }
        if (enabled && !user.enabledInKeycloak()) {
            user.setEnabledInKeycloak(true);
        }
    }

    @Override
    public List<String> readOnlyProfileAttributes() {
        return List.of();
    }

    @Override
    public boolean registersInAppTable() {
        return settings.syncRegistrations();
    }

    @Override
    public boolean removeUser(AppRowChanges row) {
        if (settings.onDelete() == DeleteAction.REFUSE) {
            return false;
        }
        row.change(AppRowInRequest::markRemoved);
        return true;
    }

    /** Checks the realm's password policy (Keycloak does not for federated users), then stores a hash in the configured algorithm. */
    @Override
    public boolean updatePassword(
            KeycloakSession session, RealmModel realm, UserModel user, String password, AppRowChanges row) {
        PolicyError error =
                session.getProvider(PasswordPolicyManagerProvider.class).validate(realm, user, password);
        if (error != null) {
            throw new ModelException(error.getMessage(), error.getParameters());
        }
        row.change(r -> r.setPasswordHash(hasher.hash(password)));
        return true;
    }

    @Override
    public void removePassword(BooleanSupplier columnAcceptsNull, AppRowChanges row) {
        if (!columnAcceptsNull.getAsBoolean()) {
            throw new ReadOnlyException(
                    "The password of this user cannot be removed: the app's password column does not accept empty values.");
        }
        row.change(r -> r.setPasswordHash(null));
    }

    @Override
    public boolean removesPasswords() {
        return true;
    }

    @Override
    public boolean linksAuthIdOnLogin() {
        return true;
    }

    @Override
    public boolean rehashesOnLogin() {
        return settings.upgradesHashes();
    }
}
