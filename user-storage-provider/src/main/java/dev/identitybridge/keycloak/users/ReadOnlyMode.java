package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * READ_ONLY: nothing Keycloak does writes to the app table. Changes of mapped properties and passwords are refused
 * with a {@link ReadOnlyException} (setting the current value is fine); what has no column (required actions, roles,
 * unmapped properties, Keycloak's enabled switch) lives in Keycloak's federated storage; new users stay local to Keycloak.
 */
record ReadOnlyMode(TableMapping mapping) implements EditModePolicy {

    @Override
    public EditMode editMode() {
        return EditMode.READ_ONLY;
    }

    @Override
    public void write(ProfileField field, Object value, UserValueStores user) {
        EditModePolicy.refuseChange(field.attribute(), user.row().value(field), field.normalise(value));
    }

    @Override
    public void writeAttribute(String attribute, String value, UserValueStores user) {
        EditModePolicy.refuseChange(
                attribute, user.row().attribute(attribute), AppRowInRequest.normaliseAttribute(value));
    }

    /** The username, every mapped text property and the attributes of the attribute columns. */
    @Override
    public List<String> readOnlyProfileAttributes() {
        List<String> attributes = new ArrayList<>();
        attributes.add(UserModel.USERNAME);
        for (ProfileField field : List.of(ProfileField.EMAIL, ProfileField.FIRST_NAME, ProfileField.LAST_NAME)) {
            field.column(mapping).ifPresent(c -> attributes.add(field.attribute()));
        }
        attributes.addAll(mapping.attributes().attributes());
        return attributes;
    }

    @Override
    public boolean updatePassword(
            KeycloakSession session, RealmModel realm, UserModel user, String password, AppRowChanges row) {
        throw new ReadOnlyException("Passwords of users from the app's users table are read-only.");
    }

    @Override
    public void removePassword(BooleanSupplier columnAcceptsNull, AppRowChanges row) {
        throw new ReadOnlyException("The password of this user cannot be removed: the app's users table is read-only.");
    }
}
