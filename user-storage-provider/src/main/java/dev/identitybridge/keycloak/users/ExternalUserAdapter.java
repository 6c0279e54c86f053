package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.jdbc.UserSearchCriteria;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.adapter.AbstractUserAdapterFederatedStorage;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Keycloak user backed by one app row. Mapped profile fields come from the row and are read-only;
 * unmapped ones, role mappings, groups and required actions live in Keycloak's federated storage, as for
 * LDAP in read-only mode. The Keycloak id is {@code f:<componentId>:<app id>}, never derived from the
 * username, so renames in the app keep the identity.
 */
final class ExternalUserAdapter extends AbstractUserAdapterFederatedStorage {

    static final String APP_USER_ID = UserSearchCriteria.APP_USER_ID;

    private final ExternalUser row;
    private final TableMapping mapping;
    private final String keycloakId;

    ExternalUserAdapter(KeycloakSession session, RealmModel realm, ComponentModel model, TableMapping mapping,
                        ExternalUser row) {
        super(session, realm, model);
        this.row = row;
        this.mapping = mapping;
        this.keycloakId = StorageId.keycloakId(model, row.id());
    }

    @Override
    public String getId() {
        return keycloakId;
    }

    @Override
    public String getUsername() {
        return row.username();
    }

    @Override
    public void setUsername(String username) {
        rejectChange(UserModel.USERNAME, row.username(), username);
    }

    @Override
    public String getEmail() {
        return mapping.email().isPresent() ? row.email() : super.getEmail();
    }

    @Override
    public void setEmail(String email) {
        if (mapping.email().isPresent()) {
            rejectChange(UserModel.EMAIL, row.email(), email == null ? null : email.toLowerCase());
        } else {
            super.setEmail(email);
        }
    }

    @Override
    public String getFirstName() {
        return mapping.firstName().isPresent() ? row.firstName() : super.getFirstName();
    }

    @Override
    public void setFirstName(String firstName) {
        if (mapping.firstName().isPresent()) {
            rejectChange(UserModel.FIRST_NAME, row.firstName(), firstName);
        } else {
            super.setFirstName(firstName);
        }
    }

    @Override
    public String getLastName() {
        return mapping.lastName().isPresent() ? row.lastName() : super.getLastName();
    }

    @Override
    public void setLastName(String lastName) {
        if (mapping.lastName().isPresent()) {
            rejectChange(UserModel.LAST_NAME, row.lastName(), lastName);
        } else {
            super.setLastName(lastName);
        }
    }

    /**
     * Enabled only when the app row says so (if mapped) and Keycloak has not disabled the user. Keycloak's own
     * switch lives in federated storage, so that brute-force lockout and an admin's "disable" work on app
     * users without writing to the app table.
     */
    @Override
    public boolean isEnabled() {
        boolean appEnabled = mapping.enabled().isEmpty() || Boolean.TRUE.equals(row.enabled());
        return appEnabled && super.isEnabled();
    }

    @Override
    public void setEnabled(boolean enabled) {
        super.setEnabled(enabled);
    }

    @Override
    public boolean isEmailVerified() {
        return mapping.emailVerified().isPresent() ? Boolean.TRUE.equals(row.emailVerified()) : super.isEmailVerified();
    }

    @Override
    public void setEmailVerified(boolean verified) {
        if (mapping.emailVerified().isPresent()) {
            rejectChange(UserModel.EMAIL_VERIFIED, Boolean.TRUE.equals(row.emailVerified()), verified);
        } else {
            super.setEmailVerified(verified);
        }
    }

    @Override
    public Long getCreatedTimestamp() {
        return mapping.createdAt().isPresent() ? row.createdTimestamp() : super.getCreatedTimestamp();
    }

    @Override
    public void setSingleAttribute(String name, String value) {
        if (!setProfileAttribute(name, value)) {
            super.setSingleAttribute(name, value);
        }
    }

    @Override
    public void setAttribute(String name, List<String> values) {
        if (!setProfileAttribute(name, values == null || values.isEmpty() ? null : values.get(0))) {
            super.setAttribute(name, values);
        }
    }

    @Override
    public void removeAttribute(String name) {
        if (!setProfileAttribute(name, null)) {
            super.removeAttribute(name);
        }
    }

    @Override
    public String getFirstAttribute(String name) {
        return profileAttribute(name).orElseGet(() -> super.getFirstAttribute(name));
    }

    @Override
    public Stream<String> getAttributeStream(String name) {
        Optional<String> value = profileAttribute(name);
        if (value.isPresent()) {
            return Stream.of(value.get());
        }
        if (isRowAttribute(name)) {
            return Stream.empty();
        }
        return super.getAttributeStream(name);
    }

    @Override
    public Map<String, List<String>> getAttributes() {
        Map<String, List<String>> attributes = super.getAttributes();
        putOrRemove(attributes, UserModel.FIRST_NAME, getFirstName());
        putOrRemove(attributes, UserModel.LAST_NAME, getLastName());
        putOrRemove(attributes, UserModel.EMAIL, getEmail());
        attributes.put(UserModel.USERNAME, List.of(getUsername()));
        attributes.put(APP_USER_ID, List.of(row.id()));
        return attributes;
    }

    /** Attributes whose value comes from the row (or is derived from it) rather than from federated storage. */
    private boolean isRowAttribute(String name) {
        return switch (name) {
            case UserModel.USERNAME, APP_USER_ID -> true;
            case UserModel.EMAIL -> mapping.email().isPresent();
            case UserModel.FIRST_NAME -> mapping.firstName().isPresent();
            case UserModel.LAST_NAME -> mapping.lastName().isPresent();
            default -> false;
        };
    }

    private Optional<String> profileAttribute(String name) {
        if (!isRowAttribute(name)) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (name) {
            case UserModel.USERNAME -> getUsername();
            case APP_USER_ID -> row.id();
            case UserModel.EMAIL -> getEmail();
            case UserModel.FIRST_NAME -> getFirstName();
            default -> getLastName();
        });
    }

    /** @return whether {@code name} is a row attribute (and so was handled here) */
    private boolean setProfileAttribute(String name, String value) {
        if (!isRowAttribute(name)) {
            return false;
        }
        rejectChange(name, profileAttribute(name).orElse(null), value);
        return true;
    }

    /** The app table is read-only: setting a value to what it already is is fine, changing it is not. */
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
