package dev.identitybridge.keycloak.users.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The option {@code attributeColumns}: its entries, and every refusal with the message the admin reads. */
class AttributeColumnsTest {

    /** A component config with a JDBC URL, the given single-valued options and these attribute column entries. */
    private static ExternalUsersConfig parse(List<String> entries, String... keyValues) {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of("jdbc:postgresql://db.example:5432/app"));
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        config.put(ConfigKeys.ATTRIBUTE_COLUMNS, entries);
        return ExternalUsersConfig.parse(config);
    }

    private static AttributeColumns attributes(String... entries) {
        return parse(Arrays.asList(entries)).mapping().attributes();
    }

    private static String refusal(String... entries) {
        try {
            attributes(entries);
        } catch (InvalidConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + Arrays.toString(entries));
    }

    @Test
    void withoutTheOptionThereAreNone() {
        Map<String, List<String>> config = new HashMap<>();
        config.put(ConfigKeys.JDBC_URL, List.of("jdbc:postgresql://db.example:5432/app"));
        assertThat(ExternalUsersConfig.parse(config).mapping().attributes()).isEqualTo(AttributeColumns.NONE);
        assertThat(attributes()).isEqualTo(AttributeColumns.NONE);
        List<String> blanks = new ArrayList<>();
        blanks.add(null);
        blanks.add(" ");
        assertThat(parse(blanks).mapping().attributes().isEmpty()).isTrue();
    }

    @Test
    void entriesAreTrimmedAndKeepTheirOrder() {
        AttributeColumns attributes = attributes(" phone_number = phone ", "locale=lang", "plan.tier=plan_tier");

        assertThat(attributes.entries())
                .containsExactly(
                        new AttributeColumn("phone_number", "phone"),
                        new AttributeColumn("locale", "lang"),
                        new AttributeColumn("plan.tier", "plan_tier"));
        assertThat(attributes.attributes()).containsExactly("phone_number", "locale", "plan.tier");
        assertThat(attributes.columns()).containsExactly("phone", "lang", "plan_tier");
        assertThat(attributes.column("locale")).contains("lang");
        assertThat(attributes.column("Locale"))
                .as("attribute names are case-sensitive, as in Keycloak")
                .isEmpty();
        assertThat(attributes.column(null)).isEmpty();
        assertThat(attributes.maps("phone_number")).isTrue();
        assertThat(attributes.maps("phone")).isFalse();
    }

    @Test
    void entriesJoinedWithDoubleHashesAreSplit() {
        assertThat(attributes("phone_number=phone##locale=lang").attributes())
                .containsExactly("phone_number", "locale");
    }

    @Test
    void theColumnsJoinTheMappedColumnsSoThatSavingChecksThem() {
        TableMapping mapping = parse(List.of("phone_number=phone")).mapping();

        assertThat(mapping.mappedColumns()).containsEntry("attributeColumns entry phone_number=phone", "phone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone", "=phone", "phone_number=", "a=b=c", "phone_number:phone"})
    void aMalformedEntryIsRefused(String entry) {
        assertThat(refusal(entry))
                .isEqualTo("Attribute columns: '" + entry.trim()
                        + "' is not an entry of the form attribute=column (for example phone_number=phone).");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1phone", "phone number", "phone;drop", "_phone", "telefon\u00e9"})
    void anAttributeNameMustBePlain(String name) {
        assertThat(refusal(name + "=phone"))
                .isEqualTo("Attribute columns: entry '" + name + "=phone': '" + name + "' is not an attribute name "
                        + "(a letter, then letters, digits, '_', '.' or '-'; at most 63 characters).");
    }

    @Test
    void anAttributeNameHasAtMost63Characters() {
        String longest = "a".repeat(63);
        assertThat(attributes(longest + "=phone").attributes()).containsExactly(longest);
        assertThat(refusal(longest + "a=phone")).contains("at most 63 characters");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "username",
                "email",
                "firstName",
                "lastName",
                "enabled",
                "emailVerified",
                "app_user_id",
                "createdTimestamp",
                "EMAIL",
                "FIRST_NAME",
                "LAST_NAME",
                "EMAIL_VERIFIED",
                "ENABLED",
                "CREATED_TIMESTAMP",
                "Username"
            })
    void keycloaksOwnNamesAreReserved(String name) {
        assertThat(refusal(name + "=some_column"))
                .isEqualTo("Attribute columns: entry '" + name + "=some_column': '" + name + "' is reserved: "
                        + "Keycloak's own profile properties and app_user_id come from the column options, not from "
                        + "attribute columns.");
    }

    @Test
    void reservedEvenWhenTheirColumnOptionIsUnmapped() {
        assertThat(refusal("firstName=given_name")).contains("is reserved");
        assertThatThrownBy(() -> parse(List.of("firstName=given_name"), ConfigKeys.COLUMN_FIRST_NAME, "-"))
                .hasMessageContaining("is reserved");
    }

    @Test
    void localeMayComeFromAColumn() {
        assertThat(attributes("locale=lang").column("locale")).contains("lang");
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone-number", "1phone", "users.phone", "phone;", "\"phone\""})
    void aColumnMustBeAPlainIdentifier(String column) {
        assertThat(refusal("phone_number=" + column))
                .isEqualTo("Attribute columns: entry 'phone_number=" + column + "': '" + column
                        + "' is not a plain SQL identifier (letters, digits, underscores).");
    }

    @Test
    void anAttributeAppearsOnce() {
        assertThat(refusal("phone_number=phone", "phone_number=mobile"))
                .isEqualTo("Attribute columns: entry 'phone_number=mobile': the attribute 'phone_number' is already "
                        + "mapped by 'phone_number=phone'.");
    }

    @Test
    void aColumnAppearsOnceIgnoringCase() {
        assertThat(refusal("phone_number=phone", "mobile=PHONE"))
                .isEqualTo("Attribute columns: entry 'mobile=PHONE': the column 'PHONE' is already mapped by "
                        + "'phone_number=phone'.");
    }

    @Test
    void aColumnAnotherOptionMapsIsRefused() {
        assertThat(refusal("mail=email"))
                .isEqualTo("Attribute columns: entry 'mail=email': the column 'email' is already mapped by option "
                        + "columnEmail.");
        assertThat(refusal("hash=password_hash"))
                .as("the password hash never becomes an attribute")
                .isEqualTo("Attribute columns: entry 'hash=password_hash': the column 'password_hash' is already "
                        + "mapped by option columnPasswordHash.");
        assertThat(refusal("subject=AUTH_ID")).contains("already mapped by option columnAuthId");
        assertThat(refusal("key=id")).contains("already mapped by option columnId");
    }

    @Test
    void aColumnNoOptionMapsMayBeAnAttribute() {
        AttributeColumns attributes = parse(List.of("given=first_name"), ConfigKeys.COLUMN_FIRST_NAME, "-")
                .mapping()
                .attributes();

        assertThat(attributes.column("given")).contains("first_name");
    }
}
