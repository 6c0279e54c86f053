package dev.identitybridge.keycloak.users;

import org.keycloak.storage.UserStorageProvider.EditMode;
import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.jdbc.UserSearchCriteria;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.adapter.AbstractUserAdapterFederatedStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Keycloak user backed by one app row. Properties with a mapped column come from the row; everything else
 * (unmapped properties, role mappings, groups, required actions) lives in Keycloak's federated storage. What a
 * change to a mapped property does depends on the {@link EditMode}:
 * <ul>
 *   <li>READ_ONLY: refused with {@link ReadOnlyException}, unless it sets the current value;</li>
 *   <li>WRITABLE: recorded on the shared {@link UserRow} and written at commit by the {@link AppTableTransaction};</li>
 *   <li>UNSYNCED: stored in federated storage, where it shadows the app value (the username stays read-only,
 *   because users are found by their app username).</li>
 * </ul>
 * The Keycloak id is {@code f:<componentId>:<app id>}, never derived from the username, so renames keep the identity.
 */
final class ExternalUserAdapter extends AbstractUserAdapterFederatedStorage {

    static final String APP_USER_ID = UserSearchCriteria.APP_USER_ID;

    private final UserRow row;
    private final TableMapping mapping;
    private final EditMode editMode;
    private final AppTableTransaction writes;
    private final String keycloakId;
    /**
     * The user's attributes in Keycloak's federated storage, read once per adapter: Keycloak's base adapter reads
     * them again for every property (enabled, created timestamp, each attribute), which made an admin user list of
     * 20 users cost about 100 queries. Forgotten on every write through this adapter.
     */
    private MultivaluedHashMap<String, String> federatedAttributes;

    ExternalUserAdapter(KeycloakSession session, RealmModel realm, ComponentModel model, TableMapping mapping,
                        EditMode editMode, UserRow row, AppTableTransaction writes) {
        super(session, realm, model);
        this.row = row;
        this.mapping = mapping;
        this.editMode = editMode;
        this.writes = writes;
        this.keycloakId = StorageId.keycloakId(model, row.id());
    }

    UserRow row() {
        return row;
    }

    @Override
    public String getId() {
        return keycloakId;
    }

    @Override
    public String getUsername() {
        return (String) read(ProfileField.USERNAME);
    }

    @Override
    public void setUsername(String username) {
        write(ProfileField.USERNAME, username);
    }

    @Override
    public String getEmail() {
        return (String) read(ProfileField.EMAIL);
    }

    @Override
    public void setEmail(String email) {
        write(ProfileField.EMAIL, email);
    }

    @Override
    public String getFirstName() {
        return (String) read(ProfileField.FIRST_NAME);
    }

    @Override
    public void setFirstName(String firstName) {
        write(ProfileField.FIRST_NAME, firstName);
    }

    @Override
    public String getLastName() {
        return (String) read(ProfileField.LAST_NAME);
    }

    @Override
    public void setLastName(String lastName) {
        write(ProfileField.LAST_NAME, lastName);
    }

    @Override
    public boolean isEmailVerified() {
        return Boolean.TRUE.equals(read(ProfileField.EMAIL_VERIFIED));
    }

    @Override
    public void setEmailVerified(boolean verified) {
        write(ProfileField.EMAIL_VERIFIED, verified);
    }

    /**
     * Enabled only when the app row says so (if mapped) and Keycloak has not disabled the user. Keycloak's own
     * switch lives in federated storage, so that brute-force lockout and an admin's "disable" work on app users
     * in every edit mode; in WRITABLE mode an admin's change is also written to the enabled column.
     */
    @Override
    public boolean isEnabled() {
        boolean appEnabled = mapping.enabled().isEmpty() || Boolean.TRUE.equals(row.value(ProfileField.ENABLED));
        return appEnabled && super.isEnabled();
    }

    @Override
    public void setEnabled(boolean enabled) {
        if (editMode == EditMode.WRITABLE && mapping.enabled().isPresent()) {
            if (row.set(ProfileField.ENABLED, enabled)) {
                writes.touch(row);
            }
            if (enabled && !super.isEnabled()) {
                super.setEnabled(true); // lift an earlier Keycloak-side disable (e.g. a lockout)
            }
            return;
        }
        if (mapping.enabled().isPresent() && !Boolean.TRUE.equals(row.value(ProfileField.ENABLED))) {
            // without writing to the app table, a user the app disabled cannot be enabled
            rejectChange(ProfileField.ENABLED.attribute(), false, enabled);
        }
        super.setEnabled(enabled);
    }

    @Override
    public Long getCreatedTimestamp() {
        return mapping.createdAt().isPresent() || row.isNew() ? row.createdTimestamp() : super.getCreatedTimestamp();
    }

    @Override
    public void setSingleAttribute(String name, String value) {
        if (!setRowAttribute(name, value)) {
            super.setSingleAttribute(name, value);
            federatedAttributes = null;
        }
    }

    @Override
    public void setAttribute(String name, List<String> values) {
        if (!setRowAttribute(name, values == null || values.isEmpty() ? null : values.get(0))) {
            super.setAttribute(name, values);
            federatedAttributes = null;
        }
    }

    @Override
    public void removeAttribute(String name) {
        if (!setRowAttribute(name, null)) {
            super.removeAttribute(name);
            federatedAttributes = null;
        }
    }

    @Override
    public String getFirstAttribute(String name) {
        return rowAttribute(name).orElseGet(() -> isRowAttribute(name) ? null : federatedAttributes().getFirst(mapAttribute(name)));
    }

    @Override
    public Stream<String> getAttributeStream(String name) {
        if (isRowAttribute(name)) {
            return rowAttribute(name).stream();
        }
        List<String> values = federatedAttributes().get(mapAttribute(name));
        return values == null ? Stream.empty() : values.stream();
    }

    /** As Keycloak's base adapter: federated attributes under their names, Keycloak's internal property names left out. */
    @Override
    public Map<String, List<String>> getAttributes() {
        MultivaluedHashMap<String, String> attributes = new MultivaluedHashMap<>();
        federatedAttributes().forEach((name, values) -> attributes.put(name, new ArrayList<>(values)));
        for (String internal : List.of(FIRST_NAME_ATTRIBUTE, LAST_NAME_ATTRIBUTE, EMAIL_ATTRIBUTE)) {
            attributes.remove(internal);
        }
        putOrRemove(attributes, UserModel.FIRST_NAME, getFirstName());
        putOrRemove(attributes, UserModel.LAST_NAME, getLastName());
        putOrRemove(attributes, UserModel.EMAIL, getEmail());
        attributes.put(UserModel.USERNAME, List.of(getUsername()));
        attributes.put(APP_USER_ID, List.of(row.id()));
        return attributes;
    }

    private MultivaluedHashMap<String, String> federatedAttributes() {
        if (federatedAttributes == null) {
            MultivaluedHashMap<String, String> stored = getFederatedStorage().getAttributes(realm, getId());
            federatedAttributes = stored == null ? new MultivaluedHashMap<>() : stored;
        }
        return federatedAttributes;
    }

    // --- mapped properties ---

    private Object read(ProfileField field) {
        if (field.column(mapping).isEmpty()) {
            return readUnmapped(field);
        }
        if (editMode == EditMode.UNSYNCED && field != ProfileField.USERNAME) {
            String shadow = federatedAttributes().getFirst(shadowAttribute(field));
            if (shadow != null) {
                return field.isFlag() ? Boolean.valueOf(shadow) : shadow;
            }
        }
        return row.value(field);
    }

    private void write(ProfileField field, Object value) {
        if (field.column(mapping).isEmpty()) {
            writeUnmapped(field, value);
            return;
        }
        switch (editMode) {
            case WRITABLE -> {
                if (row.set(field, value)) {
                    writes.touch(row);
                }
            }
            case UNSYNCED -> {
                if (field == ProfileField.USERNAME) {
                    rejectChange(field.attribute(), row.value(field), value);
                } else {
                    super.setSingleAttribute(shadowAttribute(field), value == null ? null : String.valueOf(field.normalise(value)));
                }
            }
            default -> rejectChange(field.attribute(), row.value(field), field.normalise(value));
        }
    }

    /** Federated-storage attribute names, the ones Keycloak's own adapter uses for these properties. */
    private String shadowAttribute(ProfileField field) {
        return field == ProfileField.EMAIL_VERIFIED ? EMAIL_VERIFIED_ATTRIBUTE : mapAttribute(field.attribute());
    }

    private Object readUnmapped(ProfileField field) {
        return switch (field) {
            case EMAIL -> super.getEmail();
            case FIRST_NAME -> super.getFirstName();
            case LAST_NAME -> super.getLastName();
            case EMAIL_VERIFIED -> super.isEmailVerified();
            default -> throw new IllegalStateException(field + " is always mapped");
        };
    }

    private void writeUnmapped(ProfileField field, Object value) {
        switch (field) {
            case EMAIL -> super.setEmail((String) value);
            case FIRST_NAME -> super.setFirstName((String) value);
            case LAST_NAME -> super.setLastName((String) value);
            case EMAIL_VERIFIED -> super.setEmailVerified((Boolean) value);
            default -> throw new IllegalStateException(field + " is always mapped");
        }
    }

    /** Attributes whose value comes from the row (or is derived from it) rather than from federated storage. */
    private boolean isRowAttribute(String name) {
        if (APP_USER_ID.equals(name)) {
            return true;
        }
        return textField(name).isPresent();
    }

    /** The text properties with a mapped column that are exposed as attributes. */
    private Optional<ProfileField> textField(String name) {
        return ProfileField.ofAttribute(name).filter(f -> !f.isFlag()).filter(f -> f.column(mapping).isPresent());
    }

    private Optional<String> rowAttribute(String name) {
        if (APP_USER_ID.equals(name)) {
            return Optional.of(row.id());
        }
        return textField(name).map(f -> (String) read(f));
    }

    /** @return whether {@code name} is a row attribute (and so was handled here) */
    private boolean setRowAttribute(String name, String value) {
        if (APP_USER_ID.equals(name)) {
            rejectChange(name, row.id(), value);
            return true;
        }
        Optional<ProfileField> field = textField(name);
        field.ifPresent(f -> write(f, value));
        return field.isPresent();
    }

    /** Setting a read-only value to what it already is is fine; changing it is not. */
    private static void rejectChange(String attribute, Object current, Object requested) {
        if (!Objects.equals(current, requested)) {
            throw new ReadOnlyException("The attribute '" + attribute + "' of this user is read-only: it comes from the app's users table.");
        }
    }

    private static void putOrRemove(Map<String, List<String>> attributes, String name, String value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, List.of(value));
        }
    }
}
