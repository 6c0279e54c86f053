package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.AttributeColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.AttributeValidatorMetadata;
import org.keycloak.userprofile.UserProfileMetadata;

/**
 * Declares the attributes of the attribute columns in the realm's user profile for this component's users, so that the
 * admin console, the admin API and the account console show them (an undeclared attribute is "unmanaged" and hidden
 * unless the realm allows those). Each is visible to admins and to the user, never required, and editable by admins only
 * when the edit mode writes it (WRITABLE: to the column, UNSYNCED: kept by Keycloak). Users never edit them: a column
 * the app owns (a plan, a tenant, a verified phone number) may decide what the app lets them do. An attribute the realm
 * declares itself keeps the realm's permissions (then the realm decides whether users may edit it); only a mode that
 * does not write makes it read-only for this component's users.
 */
final class AttributeColumnsProfile {

    /** Keycloak's validator that refuses a change of an attribute the context may not edit (read-only error). */
    static final String IMMUTABLE_ATTRIBUTE_VALIDATOR = "up-immutable-attribute";

    private static final Predicate<AttributeContext> ADMIN_ONLY =
            context -> context.getContext().isAdminContext();

    private AttributeColumnsProfile() {}

    /**
     * @param metadata  the profile being built (not changed: Keycloak adds what this returns)
     * @param readOnly  the attributes the edit mode does not let anyone change
     * @param guiOrder  the position of the first attribute on the forms
     */
    static List<AttributeMetadata> declare(
            AttributeColumns attributes, UserProfileMetadata metadata, List<String> readOnly, int guiOrder) {
        List<AttributeMetadata> declared = new ArrayList<>();
        int order = guiOrder;
        for (String name : attributes.attributes()) {
            if (!metadata.getAttribute(name).isEmpty()) {
                continue;
            }
            declared.add(new UserProfileMetadata(metadata.getContext())
                    .addAttribute(
                            name,
                            order++,
                            List.of(new AttributeValidatorMetadata(IMMUTABLE_ATTRIBUTE_VALIDATOR)),
                            AttributeMetadata.ALWAYS_TRUE,
                            readOnly.contains(name) ? AttributeMetadata.ALWAYS_FALSE : ADMIN_ONLY,
                            AttributeMetadata.ALWAYS_FALSE,
                            AttributeMetadata.ALWAYS_TRUE));
        }
        return declared;
    }
}
