package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.TableMapping;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.UserStorageProvider.EditMode;
import org.keycloak.storage.UserStorageUtil;
import org.keycloak.storage.adapter.AbstractUserAdapterFederatedStorage;

/**
 * UNSYNCED: nothing is written to the app table. A change of a mapped property (except the username, by which users
 * are found) is kept in Keycloak's federated storage, where it shadows the app's value; a password set in Keycloak is
 * kept by Keycloak's own credential store and checked there. New users stay local to Keycloak.
 */
record UnsyncedMode(TableMapping mapping) implements EditModePolicy {

    @Override
    public EditMode editMode() {
        return EditMode.UNSYNCED;
    }

    /**
     * An email changed in Keycloak shadows the app's: looked up where it is kept first, and a user is never found by
     * the app email it replaced.
     */
    @Override
    public UserModel userByEmail(KeycloakSession session, RealmModel realm, String email, UserLookups lookups) {
        if (mapping.email().isEmpty() || email == null) {
            return lookups.byAppEmail(email);
        }
        Optional<String> shadowed = UserStorageUtil.userFederatedStorage(session)
                .getUsersByUserAttributeStream(
                        realm,
                        AbstractUserAdapterFederatedStorage.EMAIL_ATTRIBUTE,
                        ProfileField.EMAIL.normalise(email).toString())
                .filter(lookups::isOwn)
                .findFirst();
        if (shadowed.isPresent()) {
            return lookups.byKeycloakId(shadowed.get());
        }
        UserModel user = lookups.byAppEmail(email);
        return user != null && email.trim().equalsIgnoreCase(user.getEmail()) ? user : null;
    }

    @Override
    public Object read(ProfileField field, UserValueStores user) {
        if (field != ProfileField.USERNAME) {
            String shadow = user.federated().first(shadowAttribute(field));
            if (shadow != null) {
                return field.isFlag() ? Boolean.valueOf(shadow) : shadow;
            }
        }
        return user.row().value(field);
    }

    @Override
    public void write(ProfileField field, Object value, UserValueStores user) {
        if (field == ProfileField.USERNAME) {
            EditModePolicy.refuseChange(field.attribute(), user.row().value(field), value);
        } else {
            Object normalised = value == null ? null : field.normalise(value);
            if (normalised == null) {
                // emptied: the app's value shows again, as for attribute columns (never the text "null")
                user.federated().remove(shadowAttribute(field));
            } else {
                user.federated().set(shadowAttribute(field), String.valueOf(normalised));
            }
        }
    }

    /**
     * A value changed in Keycloak (kept under the attribute's own name in federated storage) shadows the column's;
     * emptying it drops the shadow, so the app's value shows again.
     */
    @Override
    public String readAttribute(String attribute, UserValueStores user) {
        String shadow = user.federated().first(attribute);
        return shadow != null ? shadow : user.row().attribute(attribute);
    }

    @Override
    public void writeAttribute(String attribute, String value, UserValueStores user) {
        String normalised = AppRowInRequest.normaliseAttribute(value);
        if (normalised == null) {
            user.federated().remove(attribute); // the app's value shows again: an app value cannot be hidden
        } else if (!Objects.equals(readAttribute(attribute, user), normalised)) {
            user.federated().set(attribute, normalised);
        }
    }

    /** The federated-storage attribute names Keycloak's own adapter uses for these properties. */
    private static String shadowAttribute(ProfileField field) {
        return switch (field) {
            case EMAIL -> AbstractUserAdapterFederatedStorage.EMAIL_ATTRIBUTE;
            case FIRST_NAME -> AbstractUserAdapterFederatedStorage.FIRST_NAME_ATTRIBUTE;
            case LAST_NAME -> AbstractUserAdapterFederatedStorage.LAST_NAME_ATTRIBUTE;
            case EMAIL_VERIFIED -> AbstractUserAdapterFederatedStorage.EMAIL_VERIFIED_ATTRIBUTE;
            case USERNAME, ENABLED -> throw new IllegalArgumentException(field + " is never shadowed");
        };
    }

    @Override
    public List<String> readOnlyProfileAttributes() {
        return List.of(UserModel.USERNAME);
    }

    /** @return false: Keycloak keeps the password itself */
    @Override
    public boolean updatePassword(
            KeycloakSession session, RealmModel realm, UserModel user, String password, AppRowChanges row) {
        return false;
    }

    /** Nothing to remove here: a password set in Keycloak is Keycloak's credential. */
    @Override
    public void removePassword(BooleanSupplier columnAcceptsNull, AppRowChanges row) {
        // Keycloak removes its own credential
    }

    @Override
    public boolean passwordKeptByKeycloak(UserModel user) {
        return user.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findAny()
                .isPresent();
    }
}
