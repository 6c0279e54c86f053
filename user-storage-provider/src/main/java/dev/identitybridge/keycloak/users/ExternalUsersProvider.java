package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.api.AppDatabaseUnavailableException;
import dev.identitybridge.keycloak.users.config.TableMapping;
import dev.identitybridge.keycloak.users.config.WriteSettings;
import dev.identitybridge.keycloak.users.jdbc.AppUserRepository;
import dev.identitybridge.keycloak.users.jdbc.ExactAttribute;
import dev.identitybridge.keycloak.users.jdbc.StoredCredential;
import dev.identitybridge.keycloak.users.metrics.PasswordOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputUpdater;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.storage.user.UserQueryProvider;
import org.keycloak.storage.user.UserRegistrationProvider;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.UserProfileDecorator;
import org.keycloak.userprofile.UserProfileMetadata;
import org.keycloak.userprofile.UserProfileUtil;

/**
 * The {@code external-users} provider for one request: looks app users up, searches and counts them in the
 * database, checks passwords against the app's stored hashes, and writes profile, password, registration and removal
 * changes where the component's {@link EditModePolicy} sends them (app-table writes through an {@link AppTableWrites}).
 * While the app database is unreachable, lookups find nobody and password checks fail, so that logins end with
 * the usual "invalid credentials" and Keycloak-local users are unaffected.
 */
public final class ExternalUsersProvider
        implements UserStorageProvider,
                UserLookupProvider,
                UserQueryProvider,
                UserRegistrationProvider,
                CredentialInputValidator,
                CredentialInputUpdater,
                UserProfileDecorator {

    private static final Logger LOG = Logger.getLogger(ExternalUsersProvider.class);

    private final KeycloakSession session;
    private final ComponentModel model;
    private final ComponentRuntime runtime;
    private final AppUserRepository repository;
    private final TableMapping mapping;
    private final WriteSettings settings;
    private final EditModePolicy editMode;
    private final Clock clock;
    /** Every app user this request has seen, so that all adapters of a user share its pending changes. */
    private final Map<String, AppRowInRequest> rows = new HashMap<>();

    private AppTableWrites writes;
    private RequestMemberships memberships;
    /** Whether a read of this request found the app database unreachable (and so answered "nobody"). */
    private boolean sawOutage;

    ExternalUsersProvider(KeycloakSession session, ComponentModel model, ComponentRuntime runtime, Clock clock) {
        this.session = session;
        this.model = model;
        this.runtime = runtime;
        this.repository = runtime.repository();
        this.mapping = runtime.config().mapping();
        this.settings = runtime.config().writes();
        this.editMode = runtime.editMode();
        this.clock = clock;
    }

    // --- lookup ---

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        String appId = StorageId.externalId(id);
        AppRowInRequest known = rows.get(appId);
        if (known != null) {
            return known.removed() ? null : adapter(realm, known);
        }
        return degraded(() -> adapt(realm, runtime.metrics().timeLookup(() -> repository.findById(appId))), null);
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        Optional<AppRowInRequest> created = createdRow(ProfileField.USERNAME, username);
        if (created.isPresent()) {
            return adapter(realm, created.get());
        }
        return degraded(
                () -> adapt(realm, runtime.metrics().timeLookup(() -> repository.findByUsername(username))), null);
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        Optional<AppRowInRequest> created = createdRow(ProfileField.EMAIL, email);
        if (created.isPresent()) {
            return adapter(realm, created.get());
        }
        return editMode.userByEmail(session, realm, email, new EditModePolicy.UserLookups() {
            @Override
            public UserModel byAppEmail(String appEmail) {
                return degraded(
                        () -> adapt(realm, runtime.metrics().timeLookup(() -> repository.findByEmail(appEmail))), null);
            }

            @Override
            public UserModel byKeycloakId(String keycloakId) {
                return getUserById(realm, keycloakId);
            }

            @Override
            public boolean isOwn(String keycloakId) {
                return isOwnId(keycloakId);
            }
        });
    }

    /** A user created in this request (not yet in the table) with this username or email. */
    private Optional<AppRowInRequest> createdRow(ProfileField field, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return rows.values().stream()
                .filter(AppRowInRequest::isNew)
                .filter(r -> !r.removed())
                .filter(r -> r.value(field) instanceof String s
                        && s.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    // --- search and count ---

    @Override
    public Stream<UserModel> searchForUserStream(
            RealmModel realm, Map<String, String> params, Integer first, Integer max) {
        return degraded(() -> repository.search(params, first, max), List.<AppRow>of()).stream()
                .map(row -> adapter(realm, row))
                .filter(Objects::nonNull);
    }

    @Override
    public Stream<UserModel> searchForUserByUserAttributeStream(RealmModel realm, String name, String value) {
        Optional<ExactAttribute> attribute = ExactAttribute.of(name, value, mapping.attributes());
        if (attribute.isEmpty()) {
            return Stream.empty();
        }
        return degraded(() -> repository.search(attribute.get().searchParameters(), null, null), List.<AppRow>of())
                .stream()
                .filter(attribute.get()::matches)
                .map(row -> adapter(realm, row))
                .filter(Objects::nonNull);
    }

    /**
     * The app users the group table makes members of {@code group}, paged in the database. Memberships kept by
     * Keycloak's federated storage (groups joined through Keycloak) are served by that storage, after these.
     */
    @Override
    public Stream<UserModel> getGroupMembersStream(RealmModel realm, GroupModel group, Integer first, Integer max) {
        List<String> names = groupAppNames(group);
        if (names.isEmpty()) {
            return Stream.empty();
        }
        return degraded(() -> runtime.memberships().groupMembers(names, first, max), List.<AppRow>of()).stream()
                .map(row -> adapter(realm, row))
                .filter(Objects::nonNull);
    }

    /** The app names that stand for {@code group} in the group table (none when no group table is mapped). */
    private List<String> groupAppNames(GroupModel group) {
        return runtime.config()
                .memberships()
                .groups()
                .map(m -> MembershipResolver.appNames(m, group))
                .orElse(List.of());
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> params) {
        return degraded(() -> repository.count(params), 0);
    }

    @Override
    public int getUsersCount(RealmModel realm) {
        return getUsersCount(realm, Map.of());
    }

    @Override
    public int getUsersCount(RealmModel realm, boolean includeServiceAccount) {
        return getUsersCount(realm, Map.of());
    }

    @Override
    public int getUsersCount(RealmModel realm, String search) {
        return getUsersCount(realm, Map.of(UserModel.SEARCH, search));
    }

    // Keycloak pages group members across its providers with this count (see getGroupMembersStream): the app users
    // of the groups, from the group table. Searches within groups are not answered here (0, as before).

    @Override
    public int getUsersCount(RealmModel realm, Set<String> groupIds) {
        List<String> names = groupIds.stream()
                .map(id -> session.groups().getGroupById(realm, id))
                .filter(Objects::nonNull)
                .flatMap(group -> groupAppNames(group).stream())
                .distinct()
                .toList();
        return names.isEmpty() ? 0 : degraded(() -> runtime.memberships().countGroupMembers(names), 0);
    }

    @Override
    public int getUsersCount(RealmModel realm, String search, Set<String> groupIds) {
        return 0;
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> params, Set<String> groupIds) {
        return 0;
    }

    // --- registration and removal ---

    /**
     * When the edit mode registers users in the app table (WRITABLE with "Sync registrations"), creates the app row of a
     * user Keycloak is creating; it is written when Keycloak commits, together with everything set on the user in the
     * meantime. Otherwise returns null, so that Keycloak creates the user locally.
     */
    @Override
    public UserModel addUser(RealmModel realm, String username) {
        if (!canTellWhetherTaken(ProfileField.USERNAME, username)) {
            // Keycloak is creating a user (here or, after we return null, locally) on the strength of lookups that
            // could not see the app's users: refuse before anything is written
            LOG.infof(
                    "External users component %s: user creation refused, the app database is unreachable",
                    model.getId());
            throw CreationRefusal.exception(session);
        }
        if (!editMode.registersInAppTable()) {
            return null;
        }
        AppRowInRequest row = writes().create(username);
        rows.put(row.id(), row);
        LOG.debugf("External users component %s: creating app user %s", model.getId(), row.id());
        return adapter(realm, row);
    }

    /**
     * Whether this request can tell that {@code value} is not an app user's username or email: false while the app
     * database is unreachable, or when an earlier lookup of this request found it so (Keycloak's duplicate checks
     * then saw nobody).
     */
    private boolean canTellWhetherTaken(ProfileField field, String value) {
        if (sawOutage) {
            return false;
        }
        if (value == null || field.column(mapping).isEmpty()) {
            return true;
        }
        degraded(
                () -> field == ProfileField.EMAIL ? repository.findByEmail(value) : repository.findByUsername(value),
                Optional.<AppRow>empty());
        return !sawOutage;
    }

    /** As the edit mode says (WRITABLE: the "On delete" option); refused: Keycloak answers "User couldn't be deleted". */
    @Override
    public boolean removeUser(RealmModel realm, UserModel user) {
        return isOwnUser(user) && editMode.removeUser(rowChanges(user));
    }

    // --- passwords ---

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return PasswordCredentialModel.TYPE.equals(credentialType)
                && mapping.passwordHash().isPresent();
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        if (!supportsCredentialType(credentialType) || !isOwnUser(user) || editMode.passwordKeptByKeycloak(user)) {
            return false;
        }
        AppRowInRequest row = rows.get(StorageId.externalId(user.getId()));
        if (row != null && row.passwordChange().isPresent()) {
            return row.passwordChange().get().isPresent();
        }
        return degraded(
                () -> repository
                        .findCredential(StorageId.externalId(user.getId()))
                        .map(c -> c.passwordHash() != null)
                        .orElse(false),
                false);
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType())
                || !isOwnUser(user)
                || input.getChallengeResponse() == null
                || editMode.passwordKeptByKeycloak(user)) {
            return false;
        }
        long started = System.nanoTime();
        PasswordOutcome outcome = checkPassword(user, input.getChallengeResponse());
        runtime.metrics().passwordCheck(outcome, System.nanoTime() - started);
        return outcome == PasswordOutcome.VALID;
    }

    private PasswordOutcome checkPassword(UserModel user, String password) {
        String appId = StorageId.externalId(user.getId());
        PasswordLogin login = new PasswordLogin(model.getId(), runtime, clock);
        Optional<StoredCredential> stored;
        try {
            stored = repository.findCredential(appId);
        } catch (AppDatabaseUnavailableException e) {
            outage(e);
            login.refuse(password);
            return PasswordOutcome.UNAVAILABLE;
        }
        if (stored.isEmpty()) {
            login.refuse(password); // the row is gone
            return PasswordOutcome.INVALID;
        }
        if (!stored.get().enabled() && user.isEnabled()) {
            // the (cached) user predates a disable in the app table: the fresh row wins
            LOG.debugf(
                    "External users component %s: user %s was disabled in the app table", model.getId(), user.getId());
            login.refuse(password);
            return PasswordOutcome.INVALID;
        }
        return login.verify(user.getId(), appId, password, stored.get());
    }

    /**
     * As the edit mode says: WRITABLE stores a new hash when Keycloak commits, UNSYNCED returns false (Keycloak keeps
     * the password itself), READ_ONLY refuses.
     */
    @Override
    public boolean updateCredential(RealmModel realm, UserModel user, CredentialInput input) {
        return supportsCredentialType(input.getType())
                && isOwnUser(user)
                && editMode.updatePassword(session, realm, user, input.getChallengeResponse(), rowChanges(user));
    }

    /** Clears the stored hash where the edit mode allows it (WRITABLE, when the column accepts NULL). */
    @Override
    public void disableCredentialType(RealmModel realm, UserModel user, String credentialType) {
        if (supportsCredentialType(credentialType) && isOwnUser(user)) {
            editMode.removePassword(this::passwordColumnAcceptsNull, rowChanges(user));
        }
    }

    @Override
    public Stream<String> getDisableableCredentialTypesStream(RealmModel realm, UserModel user) {
        return isOwnUser(user) && canClearPassword() && isConfiguredFor(realm, user, PasswordCredentialModel.TYPE)
                ? Stream.of(PasswordCredentialModel.TYPE)
                : Stream.empty();
    }

    private boolean canClearPassword() {
        return editMode.removesPasswords() && passwordColumnAcceptsNull();
    }

    private boolean passwordColumnAcceptsNull() {
        return mapping.passwordHash().isPresent()
                && degraded(
                        () -> repository.shape().nullable(mapping.passwordHash().get()), false);
    }

    // --- user profile ---

    /**
     * Declares {@code app_user_id} (admin-visible, never writable) and the attributes of the attribute columns
     * ({@link AttributeColumnsProfile}). Unless the edit mode lets Keycloak change them,
     * makes the profile attributes that come from the app table read-only for this component's users; read-only
     * attributes are not required, so an app row without, say, a last name does not block login with "update
     * your profile".
     */
    @Override
    public List<AttributeMetadata> decorateUserProfile(String providerId, UserProfileMetadata metadata) {
        List<String> readOnly = editMode.readOnlyProfileAttributes();
        for (String attribute : readOnly) {
            metadata.getAttribute(attribute)
                    .forEach(a -> a.addWriteCondition(context -> context.getUser() == null
                            || !model.getId().equals(context.getUser().getFederationLink())));
        }
        int guiOrder = (int) metadata.getAttributes().stream()
                .map(AttributeMetadata::getName)
                .distinct()
                .count();
        AttributeMetadata appUserId = UserProfileUtil.createAttributeMetadata(
                AppUserAdapter.APP_USER_ID,
                metadata,
                UserProfileUtil.lookupUserMetadataGroup(session),
                guiOrder,
                model.getName());
        List<AttributeMetadata> declared = new ArrayList<>();
        if (appUserId != null) {
            declared.add(appUserId);
        }
        declared.addAll(AttributeColumnsProfile.declare(mapping.attributes(), metadata, readOnly, guiOrder + 1));
        return declared;
    }

    @Override
    public void close() {
        // the pool belongs to the component, not to the request
    }

    // --- helpers ---

    private boolean isOwnUser(UserModel user) {
        return isOwnId(user.getId());
    }

    private boolean isOwnId(String keycloakId) {
        return model.getId().equals(StorageId.providerId(keycloakId));
    }

    private AppTableWrites writes() {
        if (writes == null) {
            writes = new AppTableWrites(session, repository, settings, id -> StorageId.keycloakId(model, id), clock);
        }
        return writes;
    }

    /** Changes of the shared row behind {@code user}, found when the edit mode writes and written when Keycloak commits. */
    private AppRowChanges rowChanges(UserModel user) {
        return change -> {
            AppRowInRequest row = rowOf(user);
            change.accept(row);
            writes().touch(row);
        };
    }

    /** The shared row behind {@code user} (which may be a cache wrapper, not our adapter). */
    private AppRowInRequest rowOf(UserModel user) {
        String appId = StorageId.externalId(user.getId());
        AppRowInRequest row = rows.get(appId);
        if (row == null) {
            AppRow stored = repository
                    .findById(appId)
                    .orElseThrow(() -> new ModelException("External users database: the app user no longer exists"));
            row = rows.computeIfAbsent(appId, id -> AppRowInRequest.stored(stored));
        }
        return row;
    }

    private UserModel adapt(RealmModel realm, Optional<AppRow> row) {
        return row.map(r -> adapter(realm, r)).orElse(null);
    }

    private UserModel adapter(RealmModel realm, AppRow row) {
        AppRowInRequest known = rows.computeIfAbsent(row.id(), id -> AppRowInRequest.stored(row));
        return known.removed() ? null : adapter(realm, known);
    }

    private UserModel adapter(RealmModel realm, AppRowInRequest row) {
        return new AppUserAdapter(session, realm, model, mapping, editMode, row, writes(), memberships(realm, row));
    }

    /** The user's roles and groups from the join tables, shared by the request's adapters of that user. */
    private UserMemberships memberships(RealmModel realm, AppRowInRequest row) {
        if (!runtime.config().memberships().any()) {
            return UserMemberships.NONE;
        }
        if (memberships == null) {
            memberships = new RequestMemberships(
                    runtime.memberships(),
                    r -> new MembershipResolver(session, r, runtime.metrics(), model.getId()),
                    this::writes);
        }
        return memberships.of(realm, row);
    }

    /**
     * Runs a read; while the app database is unreachable, logs (at most every 30 s per component) and returns
     * {@code fallback} instead, so that Keycloak-local users and the admin console keep working.
     */
    private <T> T degraded(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (AppDatabaseUnavailableException e) {
            outage(e);
            return fallback;
        }
    }

    private void outage(AppDatabaseUnavailableException e) {
        sawOutage = true;
        if (repository.guard().shouldWarn()) {
            LOG.warnf(
                    "External users component %s: the app database is unreachable; its users cannot log in until it "
                            + "is back (%s)",
                    model.getId(), e.getMessage());
        }
    }
}
