package dev.identitybridge.keycloak.events;

import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every row type the outbox writes: a stable, versioned name (the {@code type} column and payload field), and
 * where it comes from. Names are a public contract: a change of meaning gets a new {@code .vN}, never an edit.
 */
public enum OutboxType {

    USER_REGISTERED("identity.user.registered.v1", EventType.REGISTER),
    USER_REGISTRATION_FAILED("identity.user.registration-failed.v1", EventType.REGISTER_ERROR),
    LOGIN_SUCCEEDED("identity.login.succeeded.v1", EventType.LOGIN),
    LOGIN_FAILED("identity.login.failed.v1", EventType.LOGIN_ERROR),
    LOGOUT("identity.logout.v1", EventType.LOGOUT),
    PASSWORD_UPDATED("identity.user.password-updated.v1", EventType.UPDATE_PASSWORD),
    PASSWORD_RESET("identity.user.password-reset.v1", EventType.RESET_PASSWORD),
    PASSWORD_RESET_REQUESTED("identity.user.password-reset-requested.v1", EventType.SEND_RESET_PASSWORD),
    EMAIL_VERIFIED("identity.user.email-verified.v1", EventType.VERIFY_EMAIL),
    EMAIL_VERIFICATION_SENT("identity.user.email-verification-sent.v1", EventType.SEND_VERIFY_EMAIL),
    EMAIL_UPDATED("identity.user.email-updated.v1", EventType.UPDATE_EMAIL),
    PROFILE_UPDATED("identity.user.profile-updated.v1", EventType.UPDATE_PROFILE),
    ACCOUNT_DELETED("identity.user.account-deleted.v1", EventType.DELETE_ACCOUNT),
    LOCKED_TEMPORARILY("identity.user.locked-temporarily.v1", EventType.USER_DISABLED_BY_TEMPORARY_LOCKOUT),
    LOCKED_PERMANENTLY("identity.user.locked-permanently.v1", EventType.USER_DISABLED_BY_PERMANENT_LOCKOUT),
    IDENTITY_PROVIDER_FIRST_LOGIN("identity.user.identity-provider-first-login.v1", EventType.IDENTITY_PROVIDER_FIRST_LOGIN),
    TOKEN_REFRESHED("identity.token.refreshed.v1", EventType.REFRESH_TOKEN),

    ADMIN_USER_CREATED("identity.admin.user.created.v1", null),
    ADMIN_USER_UPDATED("identity.admin.user.updated.v1", null),
    ADMIN_USER_DELETED("identity.admin.user.deleted.v1", null),
    ADMIN_USER_PASSWORD_RESET("identity.admin.user.password-reset.v1", null),

    USER_PROVISIONED("identity.user.provisioned.v1", null),
    USER_LINKED("identity.user.linked.v1", null);

    /** The {@code aggregatetype} of every row: all of them are about one user, keyed by {@code aggregateid}. */
    public static final String AGGREGATE_TYPE = "identity.user";

    /** Version of the payload layout (the {@code schema_version} column and {@code schemaVersion} field). */
    public static final int SCHEMA_VERSION = 1;

    private static final Map<EventType, OutboxType> BY_EVENT_TYPE = new EnumMap<>(EventType.class);
    /** {@code users/<id>} or {@code users/<id>/reset-password}. */
    private static final Pattern USER_PATH = Pattern.compile("users/([^/]+)(/reset-password)?");

    static {
        for (OutboxType type : values()) {
            if (type.source != null) {
                BY_EVENT_TYPE.put(type.source, type);
            }
        }
    }

    private final String typeName;
    private final EventType source;

    OutboxType(String typeName, EventType source) {
        this.typeName = typeName;
        this.source = source;
    }

    public String typeName() {
        return typeName;
    }

    /** The Keycloak user event this type is written for, if it is one. */
    public Optional<EventType> source() {
        return Optional.ofNullable(source);
    }

    public boolean isAdminType() {
        return name().startsWith("ADMIN_");
    }

    /** Written unless configured otherwise: everything but the noisy token refreshes. */
    public boolean isDefault() {
        return this != TOKEN_REFRESHED;
    }

    public static Optional<OutboxType> forUserEvent(EventType eventType) {
        return Optional.ofNullable(BY_EVENT_TYPE.get(eventType));
    }

    /** The type of an admin event on a user, with the subject's Keycloak user id. */
    public static Optional<AdminUserEvent> forAdminEvent(AdminEvent event) {
        if (event.getResourceType() != ResourceType.USER || event.getResourcePath() == null || event.getOperationType() == null) {
            return Optional.empty();
        }
        Matcher path = USER_PATH.matcher(event.getResourcePath());
        if (!path.matches()) {
            return Optional.empty();
        }
        boolean resetPassword = path.group(2) != null;
        OutboxType type = switch (event.getOperationType()) {
            case CREATE -> resetPassword ? null : ADMIN_USER_CREATED;
            case UPDATE -> resetPassword ? null : ADMIN_USER_UPDATED;
            case DELETE -> resetPassword ? null : ADMIN_USER_DELETED;
            case ACTION -> resetPassword ? ADMIN_USER_PASSWORD_RESET : null;
        };
        return type == null ? Optional.empty() : Optional.of(new AdminUserEvent(type, path.group(1)));
    }

    /** An admin event on one user: its type and the Keycloak id of the user it is about. */
    public record AdminUserEvent(OutboxType type, String subjectAuthId) {
    }

    /** Parses a configured name: a Keycloak event type ({@code LOGIN}) or one of our type names. */
    public static OutboxType parse(String name) {
        String trimmed = name.trim();
        return Arrays.stream(values())
                .filter(t -> t.typeName.equals(trimmed) || (t.source != null && t.source.name().equalsIgnoreCase(trimmed)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + trimmed + "'"));
    }
}
