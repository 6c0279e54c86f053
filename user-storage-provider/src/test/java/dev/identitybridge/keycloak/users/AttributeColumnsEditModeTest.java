package dev.identitybridge.keycloak.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.identitybridge.keycloak.users.config.ConfigKeys;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider.EditMode;

/**
 * Attribute columns ({@code attributeColumns}) through the provider and its adapters, in each edit mode, checked where
 * the values end up: the app row in H2 after Keycloak commits, Keycloak's federated storage (a fake), or the exception
 * Keycloak gets. No Keycloak server.
 */
class AttributeColumnsEditModeTest extends AppTableTest {

    private static final String ATTRIBUTE_COLUMNS =
            "phone_number=phone##locale=lang##age=age_years##vip=vip##birthday=born_on##nick=nick";

    @BeforeAll
    static void addColumns() throws Exception {
        // phone VARCHAR(40) is the reference schema's
        appTable.execute("ALTER TABLE users ADD COLUMN lang VARCHAR(10)");
        appTable.execute("ALTER TABLE users ADD COLUMN age_years INT");
        appTable.execute("ALTER TABLE users ADD COLUMN vip BOOLEAN");
        appTable.execute("ALTER TABLE users ADD COLUMN born_on DATE");
        appTable.execute("ALTER TABLE users ADD COLUMN nick VARCHAR(20) DEFAULT 'none' NOT NULL");
    }

    private static EditModeRequest request(EditMode mode) {
        return EditModeRequest.of(appTable, mode, Map.of(ConfigKeys.ATTRIBUTE_COLUMNS, ATTRIBUTE_COLUMNS));
    }

    /** A stored user with a phone, a language, an age, the VIP flag and a birthday. */
    private static String userWithAttributes() throws Exception {
        String id = storedUser();
        appTable.execute("UPDATE users SET phone = '+49 30 1234', lang = 'de', age_years = 42, vip = TRUE, "
                + "born_on = DATE '1990-02-28' WHERE id = '" + id + "'");
        return id;
    }

    private static String refusal(String attribute) {
        return "The attribute '" + attribute + "' of this user is read-only: it comes from the app's users table.";
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void theColumnsAreAttributesOfTheUser(EditMode mode) throws Exception {
        String id = userWithAttributes();
        EditModeRequest request = request(mode);
        UserModel user = request.user(id);

        assertThat(user.getFirstAttribute("phone_number")).isEqualTo("+49 30 1234");
        assertThat(user.getAttributeStream("locale")).containsExactly("de");
        assertThat(request.keycloak.federated.attributeReads)
                .as("read from the row, not from Keycloak's storage")
                .isEqualTo(mode == EditMode.UNSYNCED ? 1 : 0);
        assertThat(user.getAttributes())
                .containsEntry("phone_number", List.of("+49 30 1234"))
                .containsEntry("locale", List.of("de"))
                .containsEntry("age", List.of("42"))
                .containsEntry("vip", List.of("true"))
                .containsEntry("birthday", List.of("1990-02-28"))
                .containsEntry("nick", List.of("none"))
                .containsEntry(AppUserAdapter.APP_USER_ID, List.of(id));
        assertThat(user.getAttributes()).doesNotContainKeys("phone", "lang", "password_hash");
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void anEmptyColumnIsNoValue(EditMode mode) throws Exception {
        String id = storedUser();
        UserModel user = request(mode).user(id);

        assertThat(user.getFirstAttribute("phone_number")).isNull();
        assertThat(user.getAttributeStream("phone_number")).isEmpty();
        assertThat(user.getAttributes()).doesNotContainKey("phone_number").containsEntry("nick", List.of("none"));
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void aChangeGoesWhereTheEditModeSays(EditMode mode) throws Exception {
        String id = userWithAttributes();
        EditModeRequest request = request(mode);
        UserModel user = request.user(id);
        user.setSingleAttribute("phone_number", "+49 30 1234"); // the current value: fine in every mode
        user.setAttribute("locale", List.of("de"));

        if (mode == EditMode.READ_ONLY) {
            assertThatThrownBy(() -> user.setSingleAttribute("phone_number", "+1 555"))
                    .isInstanceOf(ReadOnlyException.class)
                    .hasMessage(refusal("phone_number"));
            assertThatThrownBy(() -> user.setAttribute("locale", List.of("en")))
                    .isInstanceOf(ReadOnlyException.class)
                    .hasMessage(refusal("locale"));
            assertThatThrownBy(() -> user.removeAttribute("age")).isInstanceOf(ReadOnlyException.class);
        } else {
            user.setSingleAttribute("phone_number", " +1 555 ");
            user.setAttribute("locale", List.of("en"));
            user.removeAttribute("age");
            assertThat(user.getFirstAttribute("phone_number"))
                    .as("read after write")
                    .isEqualTo("+1 555");
            assertThat(user.getAttributes()).containsEntry("locale", List.of("en"));
            assertThat(user.getFirstAttribute("age"))
                    .as("UNSYNCED cannot hide an app value: emptied, the app's shows again")
                    .isEqualTo(mode == EditMode.WRITABLE ? null : "42");
        }
        request.commit();

        Map<String, Object> row = row(id);
        boolean written = mode == EditMode.WRITABLE;
        assertThat(row.get("phone")).isEqualTo(written ? "+1 555" : "+49 30 1234");
        assertThat(row.get("lang")).isEqualTo(written ? "en" : "de");
        assertThat(row.get("age_years")).isEqualTo(written ? null : 42);
        assertThat(row.get("updated_at") != null).as("updated_at maintained").isEqualTo(written);
        assertThat(request.federatedAttributes(id))
                .isEqualTo(
                        mode == EditMode.UNSYNCED
                                ? Map.of("phone_number", List.of("+1 555"), "locale", List.of("en"))
                                : Map.of());
        UserModel next = request.next().user(id);
        assertThat(next.getFirstAttribute("phone_number"))
                .as("next request")
                .isEqualTo(mode == EditMode.READ_ONLY ? "+49 30 1234" : "+1 555");
        assertThat(next.getFirstAttribute("age")).isEqualTo(written ? null : "42");
    }

    @Test
    void writableRefusesAValueTheColumnCannotHoldBeforeAnythingIsWritten() throws Exception {
        String id = userWithAttributes();
        EditModeRequest request = request(EditMode.WRITABLE);
        UserModel user = request.user(id);

        assertThatThrownBy(() -> user.setSingleAttribute("age", "forty-two"))
                .as("Keycloak answers a ReadOnlyException with its message and 400, and ignores it where it sets an "
                        + "attribute on its own")
                .isInstanceOf(ReadOnlyException.class)
                .hasMessage("The attribute 'age' must be a whole number.");
        assertThatThrownBy(() -> user.setSingleAttribute("phone_number", "+".repeat(41)))
                .hasMessage("The attribute 'phone_number' is too long: its column holds at most 40 characters.");
        assertThatThrownBy(() -> user.setSingleAttribute("vip", "yes"))
                .hasMessage("The attribute 'vip' must be true or false.");
        assertThatThrownBy(() -> user.setSingleAttribute("birthday", "28.02.1990"))
                .hasMessage("The attribute 'birthday' must be a date (yyyy-mm-dd).");
        assertThatThrownBy(() -> user.removeAttribute("nick"))
                .hasMessage("The attribute 'nick' cannot be empty: its column does not accept empty values.");
        assertThat(request.keycloak.prepared).as("nothing to write").isEmpty();

        user.setSingleAttribute("age", "43");
        user.setSingleAttribute("vip", "FALSE");
        user.setSingleAttribute("birthday", "1991-03-01");
        request.commit();
        assertThat(row(id))
                .containsEntry("age_years", 43)
                .containsEntry("vip", false)
                .containsEntry("born_on", java.sql.Date.valueOf(LocalDate.of(1991, 3, 1)));
    }

    @Test
    void aNewUserGetsItsAttributesInTheInsert() throws Exception {
        String name = uniqueName();
        EditModeRequest request = request(EditMode.WRITABLE);
        UserModel user = request.provider.addUser(request.realm, name);
        user.setSingleAttribute("phone_number", "+44 20 7946 0000");
        user.setSingleAttribute("age", "30");
        assertThat(user.getFirstAttribute("phone_number")).isEqualTo("+44 20 7946 0000");
        request.commit();

        Map<String, Object> row = appTable.rowByUsername(name).orElseThrow();
        assertThat(row)
                .containsEntry("phone", "+44 20 7946 0000")
                .containsEntry("age_years", 30)
                .containsEntry("nick", "none");
        assertThat(row.get("lang")).isNull();
    }

    @ParameterizedTest
    @EnumSource(EditMode.class)
    void anAttributeSearchFindsTheUserByItsColumn(EditMode mode) throws Exception {
        String id = userWithAttributes();
        String phone = "+49 " + mode.ordinal() + " ABC";
        appTable.execute("UPDATE users SET phone = '" + phone + "' WHERE id = '" + id + "'");
        String other = storedUser();
        appTable.execute("UPDATE users SET phone = '" + phone + "0', lang = 'de' WHERE id = '" + other + "'");
        EditModeRequest request = request(mode);
        String keycloakId = AppTableFixture.keycloakId(id);

        assertThat(request.provider.searchForUserStream(request.realm, Map.of("phone_number", phone), 0, 10))
                .extracting(UserModel::getId)
                .containsExactly(keycloakId);
        assertThat(request.provider.searchForUserStream(
                        request.realm, Map.of("phone_number", phone.toLowerCase(java.util.Locale.ROOT)), 0, 10))
                .as("ignoring case, as Keycloak's own attribute search")
                .extracting(UserModel::getId)
                .containsExactly(keycloakId);
        assertThat(request.provider.getUsersCount(request.realm, Map.of("phone_number", phone)))
                .isEqualTo(1);
        assertThat(request.provider.searchForUserStream(request.realm, Map.of("age", "42"), 0, 100))
                .extracting(UserModel::getId)
                .contains(keycloakId)
                .doesNotContain(AppTableFixture.keycloakId(other));
        assertThat(request.provider.searchForUserStream(request.realm, Map.of("age", "old"), 0, 10))
                .isEmpty();
        assertThat(request.provider.searchForUserByUserAttributeStream(request.realm, "phone_number", phone))
                .extracting(UserModel::getId)
                .containsExactly(keycloakId);
        assertThat(request.provider.searchForUserByUserAttributeStream(
                        request.realm, "phone_number", phone.toLowerCase(java.util.Locale.ROOT)))
                .as("the SPI's exact search compares exactly")
                .isEmpty();
        assertThat(request.provider.searchForUserByUserAttributeStream(request.realm, "department", "x"))
                .isEmpty();
    }
}
