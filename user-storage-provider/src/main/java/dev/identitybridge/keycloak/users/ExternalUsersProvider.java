package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.jdbc.ExternalUserRepository;
import dev.identitybridge.keycloak.users.jdbc.StoredCredential;
import dev.identitybridge.keycloak.users.password.PasswordCheck;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputUpdater;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.storage.user.UserQueryProvider;
import org.keycloak.storage.user.UserRegistrationProvider;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.UserProfileDecorator;
import org.keycloak.userprofile.UserProfileMetadata;
import org.keycloak.userprofile.UserProfileUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code external-users} provider for one request: looks app users up, searches and counts them in the
 * database, and checks passwords against the app's stored hashes. Read-only: profile and password changes
 * are refused with Keycloak's read-only error.
 */
public final class ExternalUsersProvider implements UserStorageProvider, UserLookupProvider, UserQueryProvider,
        UserRegistrationProvider, CredentialInputValidator, CredentialInputUpdater, UserProfileDecorator {

    private static final Logger LOG = Logger.getLogger(ExternalUsersProvider.class);

    private final KeycloakSession session;
    private final ComponentModel model;
    private final ComponentRuntime runtime;
    private final ExternalUserRepository repository;

    ExternalUsersProvider(KeycloakSession session, ComponentModel model, ComponentRuntime runtime) {
        this.session = session;
        this.model = model;
        this.runtime = runtime;
        this.repository = runtime.repository();
    }

    // --- lookup ---

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        return adapt(realm, repository.findById(StorageId.externalId(id)));
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        return adapt(realm, repository.findByUsername(username));
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        return adapt(realm, repository.findByEmail(email));
    }

    // --- search and count ---

    @Override
    public Stream<UserModel> searchForUserStream(RealmModel realm, Map<String, String> params, Integer first, Integer max) {
        return repository.search(params, first, max).stream().map(row -> adapter(realm, row));
    }

    @Override
    public Stream<UserModel> searchForUserByUserAttributeStream(RealmModel realm, String name, String value) {
        return searchForUserStream(realm, Map.of(name, value), null, null);
    }

    @Override
    public Stream<UserModel> getGroupMembersStream(RealmModel realm, GroupModel group, Integer first, Integer max) {
        // group memberships of federated users are kept by Keycloak's federated storage, which serves them
        return Stream.empty();
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> params) {
        return repository.count(params);
    }

    @Override
    public int getUsersCount(RealmModel realm) {
        return repository.count(Map.of());
    }

    @Override
    public int getUsersCount(RealmModel realm, boolean includeServiceAccount) {
        return repository.count(Map.of());
    }

    @Override
    public int getUsersCount(RealmModel realm, String search) {
        return repository.count(Map.of(UserModel.SEARCH, search));
    }

    // Group members are served by Keycloak's federated storage, not by this provider (see getGroupMembersStream):
    // counting 0 here keeps Keycloak's paging across providers consistent with that.

    @Override
    public int getUsersCount(RealmModel realm, Set<String> groupIds) {
        return 0;
    }

    @Override
    public int getUsersCount(RealmModel realm, String search, Set<String> groupIds) {
        return 0;
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> params, Set<String> groupIds) {
        return 0;
    }

    // --- registration: read-only ---

    /** Returns null, so that Keycloak creates new users locally: the app table is not written to. */
    @Override
    public UserModel addUser(RealmModel realm, String username) {
        return null;
    }

    /** App users cannot be deleted through Keycloak; the admin API answers "User couldn't be deleted". */
    @Override
    public boolean removeUser(RealmModel realm, UserModel user) {
        return false;
    }

    // --- passwords ---

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return PasswordCredentialModel.TYPE.equals(credentialType) && runtime.config().mapping().passwordHash().isPresent();
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType) && isOwnUser(user)
                && repository.findCredential(StorageId.externalId(user.getId())).map(c -> c.passwordHash() != null).orElse(false);
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType()) || !isOwnUser(user) || input.getChallengeResponse() == null) {
            return false;
        }
        Optional<StoredCredential> stored = repository.findCredential(StorageId.externalId(user.getId()));
        if (stored.isEmpty() || stored.get().passwordHash() == null) {
            return false;
        }
        if (!stored.get().enabled() && user.isEnabled()) {
            // the (cached) user predates a disable in the app table: the fresh row wins
            LOG.debugf("External users component %s: user %s was disabled in the app table", model.getId(), user.getId());
            return false;
        }
        PasswordCheck check = runtime.passwordVerifier().check(input.getChallengeResponse(), stored.get().passwordHash());
        switch (check.outcome()) {
            case UNKNOWN_FORMAT, MALFORMED_HASH -> LOG.warnf(
                    "External users component %s: the stored password hash of user %s is %s; login refused",
                    model.getId(), user.getId(), check.outcome() == null ? "unusable" : check.outcome().name().toLowerCase());
            case LEGACY_NOT_ALLOWED -> LOG.warnf(
                    "External users component %s: user %s has a legacy %s hash, refused because 'allowLegacyHashes' is off",
                    model.getId(), user.getId(), check.format());
            default -> {
            }
        }
        return check.matches();
    }

    @Override
    public boolean updateCredential(RealmModel realm, UserModel user, CredentialInput input) {
        if (supportsCredentialType(input.getType()) && isOwnUser(user)) {
            throw new ReadOnlyException("Passwords of users from the app's users table are read-only.");
        }
        return false;
    }

    @Override
    public void disableCredentialType(RealmModel realm, UserModel user, String credentialType) {
        if (supportsCredentialType(credentialType) && isOwnUser(user)) {
            throw new ReadOnlyException("Passwords of users from the app's users table are read-only.");
        }
    }

    @Override
    public Stream<String> getDisableableCredentialTypesStream(RealmModel realm, UserModel user) {
        return Stream.empty();
    }

    // --- user profile ---

    /**
     * Declares {@code app_user_id} (admin-visible, never writable) and makes the profile attributes that come
     * from the app table read-only for this component's users. Read-only attributes are not required by the
     * user profile, so an app row without, say, a last name does not block login with "update your profile".
     */
    @Override
    public List<AttributeMetadata> decorateUserProfile(String providerId, UserProfileMetadata metadata) {
        for (String attribute : rowAttributes()) {
            metadata.getAttribute(attribute).forEach(a -> a.addWriteCondition(
                    context -> context.getUser() == null || !model.getId().equals(context.getUser().getFederationLink())));
        }
        int guiOrder = (int) metadata.getAttributes().stream().map(AttributeMetadata::getName).distinct().count();
        AttributeMetadata appUserId = UserProfileUtil.createAttributeMetadata(ExternalUserAdapter.APP_USER_ID, metadata,
                UserProfileUtil.lookupUserMetadataGroup(session), guiOrder, model.getName());
        return appUserId == null ? List.of() : List.of(appUserId);
    }

    private List<String> rowAttributes() {
        List<String> attributes = new ArrayList<>(List.of(UserModel.USERNAME));
        runtime.config().mapping().email().ifPresent(c -> attributes.add(UserModel.EMAIL));
        runtime.config().mapping().firstName().ifPresent(c -> attributes.add(UserModel.FIRST_NAME));
        runtime.config().mapping().lastName().ifPresent(c -> attributes.add(UserModel.LAST_NAME));
        return attributes;
    }

    @Override
    public void close() {
        // the pool belongs to the component, not to the request
    }

    private boolean isOwnUser(UserModel user) {
        return model.getId().equals(StorageId.providerId(user.getId()));
    }

    private UserModel adapt(RealmModel realm, Optional<ExternalUser> row) {
        return row.map(r -> adapter(realm, r)).orElse(null);
    }

    private UserModel adapter(RealmModel realm, ExternalUser row) {
        return new ExternalUserAdapter(session, realm, model, runtime.config().mapping(), row);
    }
}
