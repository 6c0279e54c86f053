package dev.identitybridge.keycloak.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * What each change through an adapter does in each edit mode, checked where it ends up: the app row in H2 after
 * Keycloak commits, Keycloak's federated storage (a fake), or the exception Keycloak gets. No Keycloak server.
 */
class AppUserAdapterEditModeTest extends AppTableTest {

    private static String refusal(String attribute) {
        return "The attribute '" + attribute + "' of this user is read-only: it comes from the app's users table.";
    }

    /** How a text property is set: its setter, or the attribute calls Keycloak's user profile makes. */
    enum Route {
        SETTER,
        SINGLE_ATTRIBUTE,
        ATTRIBUTE_LIST
    }

    /** The mapped text properties, with their setter, getter, row column and shadow attribute (UNSYNCED). */
    enum TextProperty {
        EMAIL(UserModel.EMAIL, "email", "EMAIL", UserModel::setEmail, UserModel::getEmail),
        FIRST_NAME(UserModel.FIRST_NAME, "first_name", "FIRST_NAME", UserModel::setFirstName, UserModel::getFirstName),
        LAST_NAME(UserModel.LAST_NAME, "last_name", "LAST_NAME", UserModel::setLastName, UserModel::getLastName);

        final String attribute;
        final String column;
        final String shadow;
        final BiConsumer<UserModel, String> setter;
        final Function<UserModel, String> getter;

        TextProperty(
                String attribute,
                String column,
                String shadow,
                BiConsumer<UserModel, String> setter,
                Function<UserModel, String> getter) {
            this.attribute = attribute;
            this.column = column;
            this.shadow = shadow;
            this.setter = setter;
            this.getter = getter;
        }

        void set(UserModel user, Route route, String value) {
            switch (route) {
                case SETTER -> setter.accept(user, value);
                case SINGLE_ATTRIBUTE -> user.setSingleAttribute(attribute, value);
                case ATTRIBUTE_LIST -> user.setAttribute(attribute, List.of(value));
            }
        }
    }

    static Stream<Arguments> textMatrix() {
        return Arrays.stream(EditMode.values())
                .flatMap(mode -> Arrays.stream(TextProperty.values())
                        .flatMap(property ->
                                Arrays.stream(Route.values()).map(route -> Arguments.of(mode, property, route))));
    }

    @ParameterizedTest(name = "{0}: {1} through {2}")
    @MethodSource("textMatrix")
    void textProperties(EditMode mode, TextProperty property, Route route) throws Exception {
        String id = storedUser();
        Object before = row(id).get(property.column);
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);
        property.set(user, route, (String) before); // the current value: fine in every mode
        String tag = id.substring(0, 8);
        String requested = property == TextProperty.EMAIL ? " Changed." + tag + "@Example.COM " : " Changed ";
        String stored = property == TextProperty.EMAIL ? "changed." + tag + "@example.com" : "Changed";

        if (mode == EditMode.READ_ONLY) {
            assertThatThrownBy(() -> property.set(user, route, requested))
                    .isInstanceOf(ReadOnlyException.class)
                    .hasMessage(refusal(property.attribute));
            assertThat(property.getter.apply(user)).isEqualTo(before);
        } else {
            property.set(user, route, requested);
            assertThat(property.getter.apply(user)).as("read after write").isEqualTo(stored);
            assertThat(user.getFirstAttribute(property.attribute)).isEqualTo(stored);
            assertThat(user.getAttributes().get(property.attribute)).containsExactly(stored);
        }
        request.commit();

        assertThat(row(id).get(property.column)).isEqualTo(mode == EditMode.WRITABLE ? stored : before);
        assertThat(row(id).get("updated_at") != null).as("row written").isEqualTo(mode == EditMode.WRITABLE);
        assertThat(request.federatedAttributes(id))
                .isEqualTo(mode == EditMode.UNSYNCED ? Map.of(property.shadow, List.of(stored)) : Map.of());
        assertThat(property.getter.apply(request.next().user(id)))
                .as("next request")
                .isEqualTo(mode == EditMode.READ_ONLY ? before : stored);
    }

    /** Emptying a shadowed value in UNSYNCED mode drops the shadow (never stores the text "null"): the app's shows. */
    @ParameterizedTest
    @EnumSource(TextProperty.class)
    void emptyingAnUnsyncedValueShowsTheAppsAgain(TextProperty property) throws Exception {
        String id = storedUser();
        Object before = row(id).get(property.column);
        EditModeRequest request = EditModeRequest.of(appTable, EditMode.UNSYNCED);
        property.setter.accept(request.user(id), property == TextProperty.EMAIL ? "shadow@example.com" : "Shadow");
        request.commit();
        assertThat(request.federatedAttributes(id)).containsOnlyKeys(property.shadow);

        EditModeRequest next = request.next();
        UserModel user = next.user(id);
        property.setter.accept(user, "  ");
        assertThat(property.getter.apply(user)).as("read after write").isEqualTo(before);
        next.commit();

        assertThat(next.federatedAttributes(id)).isEmpty();
        assertThat(property.getter.apply(next.next().user(id))).isEqualTo(before);
        assertThat(row(id).get(property.column)).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void username(EditMode mode) throws Exception {
        String id = storedUser();
        String before = (String) row(id).get("username");
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);
        user.setUsername(before);

        if (mode == EditMode.WRITABLE) {
            user.setUsername(before + "-renamed ");
            assertThat(user.getUsername()).isEqualTo(before + "-renamed");
        } else {
            assertThatThrownBy(() -> user.setUsername(before + "-renamed"))
                    .isInstanceOf(ReadOnlyException.class)
                    .hasMessage(refusal(UserModel.USERNAME));
            assertThatThrownBy(() -> user.setSingleAttribute(UserModel.USERNAME, "other"))
                    .isInstanceOf(ReadOnlyException.class)
                    .hasMessage(refusal(UserModel.USERNAME));
            assertThat(user.getUsername()).isEqualTo(before);
        }
        request.commit();

        assertThat(row(id).get("username")).isEqualTo(mode == EditMode.WRITABLE ? before + "-renamed" : before);
        assertThat(request.federatedAttributes(id)).isEmpty();
        assertThat(user.getId()).as("the id does not follow the username").isEqualTo(AppTableFixture.keycloakId(id));
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void emailVerified(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);
        user.setEmailVerified(true);

        if (mode == EditMode.READ_ONLY) {
            assertThatThrownBy(() -> user.setEmailVerified(false))
                    .isInstanceOf(ReadOnlyException.class)
                    .hasMessage(refusal(UserModel.EMAIL_VERIFIED));
            assertThat(user.isEmailVerified()).isTrue();
        } else {
            user.setEmailVerified(false);
            assertThat(user.isEmailVerified()).as("read after write").isFalse();
        }
        request.commit();

        assertThat(row(id).get("email_verified")).isEqualTo(mode != EditMode.WRITABLE);
        assertThat(request.federatedAttributes(id))
                .isEqualTo(mode == EditMode.UNSYNCED ? Map.of("EMAIL_VERIFIED", List.of("false")) : Map.of());
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void disablingIsKeycloaksSwitchUnlessWritable(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);

        user.setEnabled(false);
        assertThat(user.isEnabled()).as("read after write").isFalse();
        request.commit();

        assertThat(row(id).get("enabled")).isEqualTo(mode != EditMode.WRITABLE);
        assertThat(request.federatedAttributes(id))
                .isEqualTo(mode == EditMode.WRITABLE ? Map.of() : Map.of("ENABLED", List.of("false")));
        assertThat(request.next().user(id).isEnabled()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void enablingAUserTheAppDisabledNeedsWritable(EditMode mode) throws Exception {
        String name = uniqueName();
        String id = appTable.insert(name, null, null, null, false);
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        request.keycloak
                .federated
                .provider()
                .setSingleAttribute(request.realm, AppTableFixture.keycloakId(id), "ENABLED", "false");
        UserModel user = request.user(id);
        assertThat(user.isEnabled()).isFalse();

        if (mode == EditMode.WRITABLE) {
            user.setEnabled(true);
            assertThat(user.isEnabled()).as("read after write").isTrue();
        } else {
            assertThatThrownBy(() -> user.setEnabled(true))
                    .isInstanceOf(ReadOnlyException.class)
                    .hasMessage(refusal(UserModel.ENABLED));
            assertThat(user.isEnabled()).isFalse();
        }
        request.commit();

        assertThat(row(id).get("enabled")).isEqualTo(mode == EditMode.WRITABLE);
        assertThat(request.federatedAttributes(id))
                .as("a Keycloak-side disable is lifted only with the app's")
                .isEqualTo(Map.of("ENABLED", List.of(mode == EditMode.WRITABLE ? "true" : "false")));
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void otherAttributesLiveInFederatedStorage(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);
        assertThat(user.getAttributes())
                .containsEntry(AppUserAdapter.APP_USER_ID, List.of(id))
                .doesNotContainKey("department");

        user.setAttribute("department", List.of("sales", "it"));
        user.setSingleAttribute("locale", "de");
        assertThat(user.getAttributeStream("department")).containsExactly("sales", "it");
        assertThat(user.getAttributes())
                .containsEntry("department", List.of("sales", "it"))
                .containsEntry("locale", List.of("de"));
        user.removeAttribute("locale");
        assertThat(user.getFirstAttribute("locale")).isNull();
        request.commit();

        assertThat(request.federatedAttributes(id)).isEqualTo(Map.of("department", List.of("sales", "it")));
        assertThat(row(id).get("updated_at")).as("the row is not written").isNull();
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void theAppUserIdIsNeverWritable(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);

        user.setSingleAttribute(AppUserAdapter.APP_USER_ID, id);
        assertThatThrownBy(() -> user.setSingleAttribute(AppUserAdapter.APP_USER_ID, "another"))
                .isInstanceOf(ReadOnlyException.class)
                .hasMessage(refusal(AppUserAdapter.APP_USER_ID));
        assertThatThrownBy(() -> user.removeAttribute(AppUserAdapter.APP_USER_ID))
                .isInstanceOf(ReadOnlyException.class);
        request.commit();

        assertThat(user.getFirstAttribute(AppUserAdapter.APP_USER_ID)).isEqualTo(id);
        assertThat(request.federatedAttributes(id)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void requiredActionsLiveInFederatedStorage(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);

        user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        user.addRequiredAction("VERIFY_EMAIL");
        user.removeRequiredAction("VERIFY_EMAIL");
        request.commit();

        assertThat(request.keycloak.federated.requiredActions(AppTableFixture.keycloakId(id)))
                .containsExactly("UPDATE_PASSWORD");
        assertThat(request.next().user(id).getRequiredActionsStream()).containsExactly("UPDATE_PASSWORD");
        assertThat(row(id).get("updated_at")).isNull();
    }

    /** Unmapped properties are Keycloak's in every mode, under the names Keycloak's own adapter uses. */
    @ParameterizedTest
    @EnumSource(EditMode.class)
    void unmappedPropertiesLiveInFederatedStorage(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request =
                EditModeRequest.of(appTable, mode, Map.of("columnFirstName", "-", "columnEmailVerified", "-"));
        UserModel user = request.user(id);

        user.setFirstName("Grace");
        user.setEmailVerified(true);
        assertThat(user.getFirstName()).isEqualTo("Grace");
        assertThat(user.isEmailVerified()).isTrue();
        request.commit();

        assertThat(request.federatedAttributes(id))
                .isEqualTo(Map.of("FIRST_NAME", List.of("Grace"), "EMAIL_VERIFIED", List.of("true")));
        assertThat(row(id).get("first_name")).isEqualTo("Ada");
    }

    /**
     * Keycloak's attribute-change listener reads the attributes, applies the profile and reads them again for the
     * UPDATE_PROFILE / UPDATE_EMAIL event details: in UNSYNCED mode the second read used to return the value before the
     * change, because the shadow write did not forget the adapter's cached federated attributes.
     */
    @ParameterizedTest
    @EnumSource(
            value = EditMode.class,
            names = {"UNSYNCED", "WRITABLE"})
    void aChangeIsReadBackAfterTheAttributesWereRead(EditMode mode) throws Exception {
        String id = storedUser();
        EditModeRequest request = EditModeRequest.of(appTable, mode);
        UserModel user = request.user(id);
        Map<String, List<String>> before = user.getAttributes();
        String newEmail = "moved." + id.substring(0, 8) + "@example.com";

        user.setEmail(newEmail);
        user.setFirstName("Augusta");
        user.setEmailVerified(false);

        Map<String, List<String>> after = user.getAttributes();
        assertThat(after.get(UserModel.EMAIL)).containsExactly(newEmail).isNotEqualTo(before.get(UserModel.EMAIL));
        assertThat(after.get(UserModel.FIRST_NAME)).containsExactly("Augusta");
        assertThat(user.getEmail()).isEqualTo(newEmail);
        assertThat(user.isEmailVerified()).isFalse();
        assertThat(request.keycloak.federated.attributeReads)
                .as("read once before and once after the writes")
                .isEqualTo(mode == EditMode.UNSYNCED ? 2 : 1);
    }
}
