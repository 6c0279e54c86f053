package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.jdbc.UserSearchCriteria;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.adapter.AbstractUserAdapterFederatedStorage;

/**
 * A Keycloak user backed by one app row. Properties with a mapped column come from the row; everything else
 * (unmapped properties, role mappings, groups, required actions) lives in Keycloak's federated storage; roles and
 * groups from the app's join tables are added to those ({@link UserMemberships}). What a
 * change to a mapped property does, and where it goes, is the component's {@link EditModePolicy}'s to say.
 * The Keycloak id is {@code f:<componentId>:<app id>}, never derived from the username, so renames keep the identity.
 */
final class AppUserAdapter extends AbstractUserAdapterFederatedStorage {

    static final String APP_USER_ID = UserSearchCriteria.APP_USER_ID;

    private final AppRowInRequest row;
    private final TableMapping mapping;
    private final EditModePolicy editMode;
    private final String keycloakId;
    /** The user's attributes in federated storage, read once per adapter and forgotten on every write. */
    private final FederatedAttributes federated;

    private final UserValueStores stores;
    /** Roles and groups from the app's join tables ({@link UserMemberships#NONE} without them). */
    private final UserMemberships memberships;

    AppUserAdapter(
            KeycloakSession session,
            RealmModel realm,
            ComponentModel model,
            TableMapping mapping,
            EditModePolicy editMode,
            AppRowInRequest row,
            AppTableWrites writes,
            UserMemberships memberships) {
        super(session, realm, model);
        this.memberships = memberships;
        this.row = row;
        this.mapping = mapping;
        this.editMode = editMode;
        this.keycloakId = StorageId.keycloakId(model, row.id());
        this.federated = new FederatedAttributes(this::getFederatedStorage, realm, keycloakId);
        this.stores = new UserValueStores(row, writes, federated);
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
        editMode.setEnabled(enabled, mapping.enabled().isPresent(), stores);
    }

    @Override
    public Long getCreatedTimestamp() {
        return mapping.createdAt().isPresent() || row.isNew() ? row.createdTimestamp() : super.getCreatedTimestamp();
    }

    @Override
    public void setSingleAttribute(String name, String value) {
        if (!setRowAttribute(name, value)) {
            federated.set(mapAttribute(name), value);
        }
    }

    @Override
    public void setAttribute(String name, List<String> values) {
        if (!setRowAttribute(name, values == null || values.isEmpty() ? null : values.get(0))) {
            federated.set(mapAttribute(name), values);
        }
    }

    @Override
    public void removeAttribute(String name) {
        if (!setRowAttribute(name, null)) {
            federated.remove(name);
        }
    }

    @Override
    public String getFirstAttribute(String name) {
        return rowAttribute(name).orElseGet(() -> isRowAttribute(name) ? null : federated.first(mapAttribute(name)));
    }

    @Override
    public Stream<String> getAttributeStream(String name) {
        if (isRowAttribute(name)) {
            return rowAttribute(name).stream();
        }
        List<String> values = federated.values(mapAttribute(name));
        return values == null ? Stream.empty() : values.stream();
    }

    /** As Keycloak's base adapter: federated attributes under their names, Keycloak's internal property names left out. */
    @Override
    public Map<String, List<String>> getAttributes() {
        MultivaluedHashMap<String, String> attributes = new MultivaluedHashMap<>();
        federated.all().forEach((name, values) -> attributes.put(name, new ArrayList<>(values)));
        for (String internal : List.of(FIRST_NAME_ATTRIBUTE, LAST_NAME_ATTRIBUTE, EMAIL_ATTRIBUTE)) {
            attributes.remove(internal);
        }
        putOrRemove(attributes, UserModel.FIRST_NAME, getFirstName());
        putOrRemove(attributes, UserModel.LAST_NAME, getLastName());
        putOrRemove(attributes, UserModel.EMAIL, getEmail());
        attributes.put(UserModel.USERNAME, List.of(getUsername()));
        attributes.put(APP_USER_ID, List.of(row.id()));
        for (String name : mapping.attributes().attributes()) {
            putOrRemove(attributes, name, editMode.readAttribute(name, stores));
        }
        return attributes;
    }

    // --- roles and groups: the join tables' next to Keycloak's federated storage (see UserMemberships) ---

    @Override
    protected Set<RoleModel> getRoleMappingsInternal() {
        return memberships.roles();
    }

    @Override
    protected Set<GroupModel> getGroupsInternal() {
        return memberships.groups();
    }

    @Override
    public Stream<RoleModel> getRoleMappingsStream() {
        return super.getRoleMappingsStream().distinct();
    }

    @Override
    public Stream<GroupModel> getGroupsStream() {
        return super.getGroupsStream().distinct();
    }

    @Override
    public void grantRole(RoleModel role) {
        memberships.grant(role, () -> super.grantRole(role));
    }

    @Override
    public void deleteRoleMapping(RoleModel role) {
        memberships.revoke(role, () -> super.deleteRoleMapping(role));
    }

    @Override
    public void joinGroup(GroupModel group) {
        memberships.join(group, () -> super.joinGroup(group));
    }

    @Override
    public void leaveGroup(GroupModel group) {
        memberships.leave(group, () -> super.leaveGroup(group));
    }

    // --- mapped properties ---

    private Object read(ProfileField field) {
        return field.column(mapping).isEmpty() ? readUnmapped(field) : editMode.read(field, stores);
    }

    private void write(ProfileField field, Object value) {
        if (field.column(mapping).isEmpty()) {
            writeUnmapped(field, value);
        } else {
            editMode.write(field, value, stores);
        }
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
        if (APP_USER_ID.equals(name) || mapping.attributes().maps(name)) {
            return true;
        }
        return textField(name).isPresent();
    }

    /** The text properties with a mapped column that are exposed as attributes. */
    private Optional<ProfileField> textField(String name) {
        return ProfileField.ofAttribute(name)
                .filter(f -> !f.isFlag())
                .filter(f -> f.column(mapping).isPresent());
    }

    private Optional<String> rowAttribute(String name) {
        if (APP_USER_ID.equals(name)) {
            return Optional.of(row.id());
        }
        if (mapping.attributes().maps(name)) {
            return Optional.ofNullable(editMode.readAttribute(name, stores));
        }
        return textField(name).map(f -> (String) read(f));
    }

    /** @return whether {@code name} is a row attribute (and so was handled here) */
    private boolean setRowAttribute(String name, String value) {
        if (APP_USER_ID.equals(name)) {
            EditModePolicy.refuseChange(name, row.id(), value);
            return true;
        }
        if (mapping.attributes().maps(name)) {
            editMode.writeAttribute(name, value, stores);
            return true;
        }
        Optional<ProfileField> field = textField(name);
        field.ifPresent(f -> write(f, value));
        return field.isPresent();
    }

    private static void putOrRemove(Map<String, List<String>> attributes, String name, String value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, List.of(value));
        }
    }
}
