package dev.identitybridge.keycloak.users.config;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The admin-console field of {@code attributeColumns}: one {@code attribute=column} entry per line. */
final class AttributeColumnsProperty {

    private AttributeColumnsProperty() {}

    static void add(ProviderConfigurationBuilder b) {
        b.property()
                .name(ConfigKeys.ATTRIBUTE_COLUMNS)
                .label("Attribute columns")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Further columns of the users table as user attributes, one attribute=column entry each "
                        + "(phone_number=phone, locale=lang). Each attribute is declared in the realm's user profile "
                        + "(visible to admins and to the user), can go into tokens with a User Attribute mapper and is "
                        + "found by an exact attribute search (index the column). It is read-only unless the edit mode "
                        + "writes: WRITABLE writes an admin's change to the column, UNSYNCED keeps it in Keycloak. "
                        + "Columns of text, number, boolean, date or UUID type.")
                .add();
    }
}
