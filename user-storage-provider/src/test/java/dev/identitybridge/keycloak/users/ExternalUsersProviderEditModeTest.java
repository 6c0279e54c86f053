package dev.identitybridge.keycloak.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.ConfigKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.ModelException;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.policy.PolicyError;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * What each provider operation does in each edit mode, checked where it ends up: rows in an H2 app table after
 * Keycloak commits, Keycloak's federated storage (a fake), the exception or answer Keycloak gets. No Keycloak server.
 */
class ExternalUsersProviderEditModeTest extends AppTableTest {

    private static boolean passwordValid(EditModeRequest request, String appId, String password) {
        return request.provider.isValid(
                request.realm, keycloakPasswords(request.user(appId), false), UserCredentialModel.password(password));
    }

    /** The user as Keycloak hands it over, with ({@code true}) or without a password in Keycloak's own credential store. */
    private static UserModel keycloakPasswords(UserModel adapter, boolean present) {
        SubjectCredentialManager credentials = KeycloakFakes.fake(
                SubjectCredentialManager.class,
                Map.of(
                        "getStoredCredentialsByTypeStream",
                        a -> present ? Stream.of(new CredentialModel()) : Stream.empty()));
        return KeycloakFakes.overriding(UserModel.class, adapter, Map.of("credentialManager", a -> credentials));
    }

    // --- creation ---

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void aNewUserGetsAnAppRowOnlyWhereRegistrationsAreSynced(EditMode mode) throws Exception {
        String name = uniqueName();
        EditModeRequest request = EditModeRequest.of(appTable, mode);

        UserModel user = request.provider.addUser(request.realm, name);

        if (mode != EditMode.WRITABLE) {
            assertThat(user).as("Keycloak creates the user locally").isNull();
            request.commit();
            assertThat(appTable.rowByUsername(name)).isEmpty();
            return;
        }
        user.setEmail(name + "@Example.org");
        user.setFirstName("New");
        assertThat(request.provider.getUserByUsername(request.realm, name))
                .as("found before the commit")
                .isEqualTo(user);
        assertThat(appTable.rowByUsername(name)).as("written at commit").isEmpty();
        request.commit();

        Map<String, Object> row = appTable.rowByUsername(name).orElseThrow();
        assertThat(row)
                .containsEntry("email", name + "@example.org")
                .containsEntry("first_name", "New")
                .containsEntry("enabled", true)
                .containsEntry("email_verified", false)
                .containsEntry("auth_id", AppTableFixture.keycloakId((String) row.get("id")));
        assertThat(user.getId()).isEqualTo(AppTableFixture.keycloakId((String) row.get("id")));
    }

    @Test
    void writableWithoutSyncedRegistrationsLeavesNewUsersToKeycloak() throws Exception {
        String name = uniqueName();
        EditModeRequest request =
                EditModeRequest.of(appTable, EditMode.WRITABLE, Map.of(ConfigKeys.SYNC_REGISTRATIONS, "false"));
        assertThat(request.provider.addUser(request.realm, name)).isNull();
        request.commit();
        assertThat(appTable.rowByUsername(name)).isEmpty();
    }

    // --- removal ---

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void removingAUserDeletesItsRowOnlyWhenWritable(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);

        boolean removed = request.provider.removeUser(request.realm, request.user(id));

        assertThat(removed).isEqualTo(mode == EditMode.WRITABLE);
        assertThat(request.user(id) == null)
                .as("gone for the rest of the request")
                .isEqualTo(removed);
        request.commit();
        assertThat(appTable.row(id).isPresent()).isEqualTo(!removed);
    }

    @Test
    void onDeleteDisableDisablesTheRow() throws Exception {
        String id = storedUser();
        EditModeRequest request =
                EditModeRequest.of(appTable, EditMode.WRITABLE, Map.of(ConfigKeys.ON_DELETE, "DISABLE"));
        assertThat(request.provider.removeUser(request.realm, request.user(id))).isTrue();
        request.commit();
        assertThat(row(id)).containsEntry("enabled", false);
    }

    @Test
    void onDeleteRefuseKeepsTheRow() throws Exception {
        String id = storedUser();
        EditModeRequest request =
                EditModeRequest.of(appTable, EditMode.WRITABLE, Map.of(ConfigKeys.ON_DELETE, "REFUSE"));
        assertThat(request.provider.removeUser(request.realm, request.user(id))).isFalse();
        request.commit();
        assertThat(row(id)).containsEntry("enabled", true);
        assertThat(request.keycloak.prepared).isEmpty();
    }

    // --- passwords ---

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void aNewPasswordIsStoredOnlyWhenWritable(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);
        UserCredentialModel input = UserCredentialModel.password("a new password");

        switch (mode) {
            case READ_ONLY ->
                assertThatThrownBy(() -> request.provider.updateCredential(request.realm, user, input))
                        .isInstanceOf(ReadOnlyException.class)
                        .hasMessage("Passwords of users from the app's users table are read-only.");
            case UNSYNCED ->
                assertThat(request.provider.updateCredential(request.realm, user, input))
                        .as("Keycloak keeps it")
                        .isFalse();
            case WRITABLE ->
                assertThat(request.provider.updateCredential(request.realm, user, input))
                        .isTrue();
        }
        request.commit();

        if (mode == EditMode.WRITABLE) {
            assertThat((String) row(id).get("password_hash")).startsWith("$2").isNotEqualTo(AppTableFixture.WEAK_HASH);
            assertThat(passwordValid(request.next(), id, "a new password")).isTrue();
            assertThat(passwordValid(request.next(), id, AppTableFixture.PASSWORD))
                    .isFalse();
        } else {
            assertThat(row(id)).containsEntry("password_hash", AppTableFixture.WEAK_HASH);
        }
    }

    @Test
    void aPasswordAgainstTheRealmsPolicyIsRefusedBeforeAnythingIsWritten() throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, EditMode.WRITABLE);
        request.keycloak.policyError = new PolicyError("invalidPasswordMinLengthMessage", 12);

        assertThatThrownBy(() -> request.provider.updateCredential(
                        request.realm, request.user(id), UserCredentialModel.password("short")))
                .isInstanceOf(ModelException.class)
                .hasMessage("invalidPasswordMinLengthMessage")
                .satisfies(e -> assertThat(((ModelException) e).getParameters()).containsExactly(12));
        request.commit();
        assertThat(row(id)).containsEntry("password_hash", AppTableFixture.WEAK_HASH);
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void removingThePasswordClearsTheHashOnlyWhenWritable(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);

        assertThat(request.provider.getDisableableCredentialTypesStream(request.realm, user))
                .isEqualTo(mode == EditMode.WRITABLE ? List.of(PasswordCredentialModel.TYPE) : List.of());
        if (mode == EditMode.READ_ONLY) {
            assertThatThrownBy(() ->
                            request.provider.disableCredentialType(request.realm, user, PasswordCredentialModel.TYPE))
                    .isInstanceOf(ReadOnlyException.class)
                    .hasMessage("The password of this user cannot be removed: the app's users table is read-only.");
        } else {
            request.provider.disableCredentialType(request.realm, user, PasswordCredentialModel.TYPE);
        }
        request.commit();

        assertThat(row(id).get("password_hash"))
                .isEqualTo(mode == EditMode.WRITABLE ? null : AppTableFixture.WEAK_HASH);
        EditModeRequest next = request.next();
        assertThat(next.provider.isConfiguredFor(
                        next.realm, keycloakPasswords(next.user(id), false), PasswordCredentialModel.TYPE))
                .isEqualTo(mode != EditMode.WRITABLE);
    }

    @Test
    void aPasswordColumnThatRefusesNullCannotBeCleared() throws Exception {
        appTable.execute("CREATE TABLE strict_users (id VARCHAR(64) PRIMARY KEY, username VARCHAR(255) NOT NULL, "
                + "password_hash VARCHAR(512) NOT NULL)");
        appTable.execute("INSERT INTO strict_users VALUES ('s-1', 'strict', '" + AppTableFixture.WEAK_HASH + "')");
        Map<String, String> strict = new HashMap<>(Map.of(ConfigKeys.TABLE, "strict_users"));
        for (String column : List.of(
                ConfigKeys.COLUMN_EMAIL,
                ConfigKeys.COLUMN_EMAIL_VERIFIED,
                ConfigKeys.COLUMN_FIRST_NAME,
                ConfigKeys.COLUMN_LAST_NAME,
                ConfigKeys.COLUMN_ENABLED,
                ConfigKeys.COLUMN_AUTH_ID,
                ConfigKeys.COLUMN_CREATED_AT,
                ConfigKeys.COLUMN_UPDATED_AT)) {
            strict.put(column, "-");
        }
        EditModeRequest request = EditModeRequest.of(appTable, EditMode.WRITABLE, strict);
        UserModel user = request.user("s-1");

        assertThat(request.provider.getDisableableCredentialTypesStream(request.realm, user))
                .isEmpty();
        assertThatThrownBy(
                        () -> request.provider.disableCredentialType(request.realm, user, PasswordCredentialModel.TYPE))
                .isInstanceOf(ReadOnlyException.class)
                .hasMessage(
                        "The password of this user cannot be removed: the app's password column does not accept empty values.");
        assertThat(request.keycloak.prepared).isEmpty();
    }

    // --- logins ---

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void aLoginLinksTheAuthIdAndUpgradesTheHashOnlyWhenWritable(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);

        assertThat(passwordValid(request, id, "wrong")).isFalse();
        assertThat(row(id)).containsEntry("auth_id", null).containsEntry("password_hash", AppTableFixture.WEAK_HASH);
        assertThat(passwordValid(request, id, AppTableFixture.PASSWORD)).isTrue();

        Map<String, Object> row = row(id);
        if (mode == EditMode.WRITABLE) {
            assertThat(row).containsEntry("auth_id", AppTableFixture.keycloakId(id));
            assertThat((String) row.get("password_hash"))
                    .as("upgraded to the configured cost")
                    .contains("$05$");
            assertThat(passwordValid(request.next(), id, AppTableFixture.PASSWORD))
                    .isTrue();
        } else {
            assertThat(row).containsEntry("auth_id", null).containsEntry("password_hash", AppTableFixture.WEAK_HASH);
        }
    }

    @Test
    void withoutRehashOnLoginAWritableLoginOnlyLinks() throws Exception {
        String id = storedUser();
        EditModeRequest request =
                EditModeRequest.of(appTable, EditMode.WRITABLE, Map.of(ConfigKeys.REHASH_ON_LOGIN, "false"));
        assertThat(passwordValid(request, id, AppTableFixture.PASSWORD)).isTrue();
        assertThat(row(id))
                .containsEntry("auth_id", AppTableFixture.keycloakId(id))
                .containsEntry("password_hash", AppTableFixture.WEAK_HASH);
    }

    /** In UNSYNCED mode a password set in Keycloak replaces the app's: the app hash no longer logs the user in. */
    @ParameterizedTest
    @EnumSource(EditMode.class)
    void aPasswordKeptByKeycloakShadowsTheAppsOnlyWhenUnsynced(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = keycloakPasswords(request.user(id), true);

        boolean shadowed = mode == EditMode.UNSYNCED;
        assertThat(request.provider.isValid(
                        request.realm, user, UserCredentialModel.password(AppTableFixture.PASSWORD)))
                .isEqualTo(!shadowed);
        assertThat(request.provider.isConfiguredFor(request.realm, user, PasswordCredentialModel.TYPE))
                .isEqualTo(!shadowed);
    }

    // --- lookups ---

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void aChangedEmailFindsTheUserAndTheOldOneNoLonger(EditMode mode) throws Exception {
        String id = storedUser();
        String oldEmail = (String) row(id).get("email");
        String newEmail = "moved." + id.substring(0, 8) + "@example.com";
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        if (mode != EditMode.READ_ONLY) {
            request.user(id).setEmail(newEmail);
        }
        request.commit();

        EditModeRequest next = request.next();
        UserModel byNew = next.provider.getUserByEmail(next.realm, newEmail.toUpperCase());
        UserModel byOld = next.provider.getUserByEmail(next.realm, oldEmail);
        if (mode == EditMode.READ_ONLY) {
            assertThat(byNew).isNull();
            assertThat(byOld.getId()).isEqualTo(AppTableFixture.keycloakId(id));
        } else {
            assertThat(byNew.getId()).isEqualTo(AppTableFixture.keycloakId(id));
            assertThat(byNew.getEmail()).isEqualTo(newEmail);
            assertThat(byOld).isNull();
        }
        assertThat(row(id).get("email")).isEqualTo(mode == EditMode.WRITABLE ? newEmail : oldEmail);
    }

    // --- the user profile ---

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void readOnlyProfileAttributes(EditMode mode) {
        EditModePolicy policy =
                appTable.runtime(Map.of(ConfigKeys.EDIT_MODE, mode.name())).editMode();
        assertThat(policy.editMode()).isEqualTo(mode);
        assertThat(policy.readOnlyProfileAttributes())
                .isEqualTo(
                        switch (mode) {
                            case READ_ONLY ->
                                List.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME);
                            case UNSYNCED -> List.of(UserModel.USERNAME);
                            case WRITABLE -> List.of();
                        });
    }

    @Test
    void readOnlyLeavesUnmappedAttributesWritable() {
        EditModePolicy policy = appTable.runtime(
                        Map.of(ConfigKeys.COLUMN_FIRST_NAME, "-", ConfigKeys.COLUMN_EMAIL, "-"))
                .editMode();
        assertThat(policy.readOnlyProfileAttributes()).containsExactly(UserModel.USERNAME, UserModel.LAST_NAME);
    }
}
