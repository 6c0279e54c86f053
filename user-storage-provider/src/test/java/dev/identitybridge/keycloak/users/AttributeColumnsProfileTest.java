package dev.identitybridge.keycloak.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.identitybridge.keycloak.users.config.AttributeColumn;
import dev.identitybridge.keycloak.users.config.AttributeColumns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.AttributeValidatorMetadata;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileMetadata;

/** How the attributes of attribute columns are declared in the user profile: who sees them, who may change them. */
class AttributeColumnsProfileTest {

    private static final AttributeColumns ATTRIBUTES = new AttributeColumns(
            List.of(new AttributeColumn("phone_number", "phone"), new AttributeColumn("locale", "lang")));

    private static AttributeContext in(UserProfileContext context, AttributeMetadata metadata) {
        return new AttributeContext(context, null, Map.entry(metadata.getName(), List.of()), null, metadata, null);
    }

    private static AttributeMetadata declared(UserProfileContext context, List<String> readOnly) {
        List<AttributeMetadata> declared =
                AttributeColumnsProfile.declare(ATTRIBUTES, new UserProfileMetadata(context), readOnly, 7);
        assertThat(declared).extracting(AttributeMetadata::getName).containsExactly("phone_number", "locale");
        assertThat(declared).extracting(AttributeMetadata::getGuiOrder).containsExactly(7, 8);
        return declared.get(0);
    }

    @Test
    void everyoneSeesThemAndNobodyHasToFillThemIn() {
        for (UserProfileContext context : UserProfileContext.values()) {
            AttributeMetadata phone = declared(context, List.of());
            assertThat(phone.canView(in(context, phone)))
                    .as("%s sees it", context)
                    .isTrue();
            assertThat(phone.isRequired(in(context, phone))).isFalse();
            assertThat(phone.isSelected(in(context, phone))).isTrue();
            assertThat(phone.getValidators())
                    .extracting(AttributeValidatorMetadata::getValidatorId)
                    .as("a refused change is Keycloak's read-only error, not silently dropped")
                    .containsExactly(AttributeColumnsProfile.IMMUTABLE_ATTRIBUTE_VALIDATOR);
        }
    }

    @Test
    void onlyAdminsChangeThemAndOnlyWhenTheEditModeWrites() {
        for (UserProfileContext context : UserProfileContext.values()) {
            AttributeMetadata writable = declared(context, List.of());
            assertThat(writable.canEdit(in(context, writable)))
                    .as("%s edits it when the mode writes", context)
                    .isEqualTo(context == UserProfileContext.USER_API);
            AttributeMetadata readOnly = declared(context, List.of("phone_number"));
            assertThat(readOnly.canEdit(in(context, readOnly)))
                    .as("%s", context)
                    .isFalse();
        }
    }

    @Test
    void anAttributeTheRealmDeclaresKeepsTheRealmsDeclaration() {
        UserProfileMetadata realms = new UserProfileMetadata(UserProfileContext.ACCOUNT);
        realms.addAttribute("locale", 1, List.of());

        List<AttributeMetadata> declared = AttributeColumnsProfile.declare(ATTRIBUTES, realms, List.of(), 3);

        assertThat(declared).extracting(AttributeMetadata::getName).containsExactly("phone_number");
        assertThat(realms.getAttributes())
                .extracting(AttributeMetadata::getName)
                .containsExactly("locale");
    }
}
