package dev.identitybridge.keycloak.users;

import dev.identitybridge.keycloak.users.config.TableMapping;
import java.util.Locale;
import java.util.Optional;
import org.keycloak.models.UserModel;

/** The user properties that can live in an app-table column, with their Keycloak attribute names. */
enum ProfileField {
    USERNAME(UserModel.USERNAME),
    EMAIL(UserModel.EMAIL),
    FIRST_NAME(UserModel.FIRST_NAME),
    LAST_NAME(UserModel.LAST_NAME),
    EMAIL_VERIFIED(UserModel.EMAIL_VERIFIED),
    ENABLED(UserModel.ENABLED);

    private final String attribute;

    ProfileField(String attribute) {
        this.attribute = attribute;
    }

    String attribute() {
        return attribute;
    }

    boolean isFlag() {
        return this == EMAIL_VERIFIED || this == ENABLED;
    }

    Optional<String> column(TableMapping mapping) {
        return switch (this) {
            case USERNAME -> Optional.of(mapping.username());
            case EMAIL -> mapping.email();
            case FIRST_NAME -> mapping.firstName();
            case LAST_NAME -> mapping.lastName();
            case EMAIL_VERIFIED -> mapping.emailVerified();
            case ENABLED -> mapping.enabled();
        };
    }

    Object valueOf(AppRow row) {
        return switch (this) {
            case USERNAME -> row.username();
            case EMAIL -> row.email();
            case FIRST_NAME -> row.firstName();
            case LAST_NAME -> row.lastName();
            case EMAIL_VERIFIED -> row.emailVerified();
            case ENABLED -> row.enabled();
        };
    }

    /**
     * The value as stored: emails trimmed and lower-cased (the reference schema keeps them normalised), other
     * text trimmed, blank text as {@code null}.
     */
    Object normalise(Object value) {
        if (value instanceof String text) {
            String trimmed = text.trim();
            if (trimmed.isEmpty()) {
                return null;
            }
            return this == EMAIL ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
        }
        return value;
    }

    /** The property whose attribute name is {@code attribute}, if any. */
    static Optional<ProfileField> ofAttribute(String attribute) {
        for (ProfileField field : values()) {
            if (field.attribute.equals(attribute)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
