package dev.identitybridge.keycloak.users;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.validate.SimpleValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

import java.util.Collection;

/**
 * Added by {@link ExternalUsersProvider#decorateUserProfile} to the username and email attributes: when a user is
 * being created (registration form, admin API, identity-provider review) and the component's app database cannot be
 * reached, the value is refused with {@link CreationRefusal#MESSAGE}, so that the form shows it next to the field and
 * the admin API answers 400 with it, before anything is written.
 */
public final class AppDirectoryReachableValidator implements SimpleValidator {

    public static final String ID = "external-users-reachable";
    static final String COMPONENT = "component";
    static final String FIELD = "field";

    static ValidatorConfig config(String componentId, ProfileField field) {
        return ValidatorConfig.builder().config(COMPONENT, componentId).config(FIELD, field.name()).build();
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public ValidationContext validate(Object input, String inputHint, ValidationContext context, ValidatorConfig config) {
        if (!(context instanceof UserProfileAttributeValidationContext profileContext)) {
            return context;
        }
        AttributeContext attribute = profileContext.getAttributeContext();
        if (attribute.getUser() != null) {
            return context; // not a creation
        }
        String value = firstValue(input);
        KeycloakSession session = context.getSession();
        RealmModel realm = session.getContext().getRealm();
        if (value == null || realm == null) {
            return context;
        }
        ComponentModel component = realm.getComponent(config.getStringOrDefault(COMPONENT, ""));
        if (component == null || !ExternalUsersProviderFactory.PROVIDER_ID.equals(component.getProviderId())) {
            return context;
        }
        ProfileField field = ProfileField.valueOf(config.getStringOrDefault(FIELD, ProfileField.USERNAME.name()));
        if (!provider(session, component).canTellWhetherTaken(field, value)) {
            context.addError(new ValidationError(ID, inputHint, CreationRefusal.MESSAGE));
        }
        return context;
    }

    /** The request's instance of the provider (as Keycloak's user storage manager keeps it), or a new one. */
    private static ExternalUsersProvider provider(KeycloakSession session, ComponentModel component) {
        if (session.getAttribute(component.getId()) instanceof ExternalUsersProvider existing) {
            return existing;
        }
        return (ExternalUsersProvider) session.getProvider(UserStorageProvider.class, component);
    }

    private static String firstValue(Object input) {
        Object value = input instanceof Collection<?> values ? values.stream().findFirst().orElse(null) : input;
        return value instanceof String s && !s.isBlank() ? s.trim() : null;
    }
}
