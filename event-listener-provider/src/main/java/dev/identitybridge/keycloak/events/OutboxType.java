package dev.identitybridge.keycloak.events;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;

/**
 * Every row type the outbox writes: a stable, versioned name (the {@code type} column and payload field), and
 * where it comes from. Names are a public contract: a change of meaning gets a new {@code .vN}, never an edit.
 */
public enum OutboxType {
    USER_REGISTERED("identity.user.registered.v1", "REGISTER"),
    USER_REGISTRATION_FAILED("identity.user.registration-failed.v1", "REGISTER_ERROR"),
    LOGIN_SUCCEEDED("identity.login.succeeded.v1", "LOGIN"),
    LOGIN_FAILED("identity.login.failed.v1", "LOGIN_ERROR"),
    LOGOUT("identity.logout.v1", "LOGOUT"),
    PASSWORD_UPDATED("identity.user.password-updated.v1", "UPDATE_PASSWORD"),
    PASSWORD_RESET("identity.user.password-reset.v1", "RESET_PASSWORD"),
    PASSWORD_RESET_REQUESTED("identity.user.password-reset-requested.v1", "SEND_RESET_PASSWORD"),
    EMAIL_VERIFIED("identity.user.email-verified.v1", "VERIFY_EMAIL"),
    EMAIL_VERIFICATION_SENT("identity.user.email-verification-sent.v1", "SEND_VERIFY_EMAIL"),
    EMAIL_UPDATED("identity.user.email-updated.v1", "UPDATE_EMAIL"),
    PROFILE_UPDATED("identity.user.profile-updated.v1", "UPDATE_PROFILE"),
    ACCOUNT_DELETED("identity.user.account-deleted.v1", "DELETE_ACCOUNT"),
    LOCKED_TEMPORARILY("identity.user.locked-temporarily.v1", "USER_DISABLED_BY_TEMPORARY_LOCKOUT"),
    LOCKED_PERMANENTLY("identity.user.locked-permanently.v1", "USER_DISABLED_BY_PERMANENT_LOCKOUT"),
    IDENTITY_PROVIDER_FIRST_LOGIN("identity.user.identity-provider-first-login.v1", "IDENTITY_PROVIDER_FIRST_LOGIN"),
    TOKEN_REFRESHED("identity.token.refreshed.v1", "REFRESH_TOKEN"),
    /** Keycloak 26's credential events; {@code credentialType} in the payload. */
    CREDENTIAL_UPDATED("identity.user.credential-updated.v1", "UPDATE_CREDENTIAL"),
    CREDENTIAL_REMOVED("identity.user.credential-removed.v1", "REMOVE_CREDENTIAL"),
    /** Sent by Keycloak 26.5 and later (the event type does not exist before). */
    SESSION_DELETED("identity.user.session-deleted.v1", "USER_SESSION_DELETED"),

    ADMIN_USER_CREATED("identity.admin.user.created.v1", null),
    ADMIN_USER_UPDATED("identity.admin.user.updated.v1", null),
    ADMIN_USER_DELETED("identity.admin.user.deleted.v1", null),
    ADMIN_USER_PASSWORD_RESET("identity.admin.user.password-reset.v1", null),
    ADMIN_USER_GROUP_ADDED("identity.admin.user.group-added.v1", null),
    ADMIN_USER_GROUP_REMOVED("identity.admin.user.group-removed.v1", null),
    ADMIN_USER_ROLE_GRANTED("identity.admin.user.role-granted.v1", null),
    ADMIN_USER_ROLE_REVOKED("identity.admin.user.role-revoked.v1", null),
    ADMIN_USER_ORGANIZATION_ADDED("identity.admin.user.organization-added.v1", null),
    ADMIN_USER_ORGANIZATION_REMOVED("identity.admin.user.organization-removed.v1", null),

    USER_PROVISIONED("identity.user.provisioned.v1", null),
    USER_LINKED("identity.user.linked.v1", null);

    /** The {@code aggregatetype} of every row: all of them are about one user, keyed by {@code aggregateid}. */
    public static final String AGGREGATE_TYPE = "identity.user";

    /** Version of the payload layout (the {@code schema_version} column and {@code schemaVersion} field). */
    public static final int SCHEMA_VERSION = 1;

    private static final Map<String, OutboxType> BY_EVENT_TYPE = new HashMap<>();
    /** {@code users/<id>} or {@code users/<id>/reset-password}. */
    private static final Pattern USER_PATH = Pattern.compile("users/([^/]+)(/reset-password)?");
    /** {@code users/<id>/groups/<group id>}. */
    private static final Pattern GROUP_MEMBERSHIP_PATH = Pattern.compile("users/([^/]+)/groups/([^/]+)");
    /** {@code users/<id>/role-mappings/realm} or {@code users/<id>/role-mappings/clients/<client uuid>}. */
    /** {@code organizations/<id>/members} (a member added) or {@code organizations/<id>/members/<user id>} (removed). */
    private static final Pattern ORGANIZATION_MEMBER_PATH =
            Pattern.compile("organizations/([^/]+)/members(?:/([^/]+))?");

    private static final Pattern ROLE_MAPPING_PATH =
            Pattern.compile("users/([^/]+)/role-mappings/(realm|clients/([^/]+))");

    static {
        for (OutboxType type : values()) {
            if (type.source != null) {
                BY_EVENT_TYPE.put(type.source, type);
            }
        }
    }

    private final String typeName;
    /** Name of the Keycloak {@link EventType} this type is written for (a name: some exist only in newer versions). */
    private final String source;

    OutboxType(String typeName, String source) {
        this.typeName = typeName;
        this.source = source;
    }

    public String typeName() {
        return typeName;
    }

    /** The name of the Keycloak user event type this type is written for, if it is one. */
    public Optional<String> source() {
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
        return Optional.ofNullable(eventType == null ? null : BY_EVENT_TYPE.get(eventType.name()));
    }

    /**
     * The type of an admin event on a user, with the subject's Keycloak user id: the user itself (created, updated,
     * deleted, password reset), its group memberships ({@code users/<id>/groups/<group id>}) and its role mappings
     * ({@code users/<id>/role-mappings/realm|clients/<client uuid>}).
     */
    public static Optional<AdminUserEvent> forAdminEvent(AdminEvent event) {
        if (event.getResourceType() == null || event.getResourcePath() == null || event.getOperationType() == null) {
            return Optional.empty();
        }
        OperationType operation = event.getOperationType();
        String path = event.getResourcePath();
        return switch (event.getResourceType()) {
            case USER -> userEvent(operation, path);
            case GROUP_MEMBERSHIP ->
                membershipEvent(
                        operation,
                        GROUP_MEMBERSHIP_PATH.matcher(path),
                        ADMIN_USER_GROUP_ADDED,
                        ADMIN_USER_GROUP_REMOVED);
            case REALM_ROLE_MAPPING, CLIENT_ROLE_MAPPING ->
                membershipEvent(
                        operation, ROLE_MAPPING_PATH.matcher(path), ADMIN_USER_ROLE_GRANTED, ADMIN_USER_ROLE_REVOKED);
            case ORGANIZATION_MEMBERSHIP -> organizationEvent(operation, ORGANIZATION_MEMBER_PATH.matcher(path));
            default -> Optional.empty();
        };
    }

    private static Optional<AdminUserEvent> userEvent(OperationType operation, String resourcePath) {
        Matcher path = USER_PATH.matcher(resourcePath);
        if (!path.matches()) {
            return Optional.empty();
        }
        boolean resetPassword = path.group(2) != null;
        OutboxType type = switch (operation) {
            case CREATE -> resetPassword ? null : ADMIN_USER_CREATED;
            case UPDATE -> resetPassword ? null : ADMIN_USER_UPDATED;
            case DELETE -> resetPassword ? null : ADMIN_USER_DELETED;
            case ACTION -> resetPassword ? ADMIN_USER_PASSWORD_RESET : null;
        };
        return type == null ? Optional.empty() : Optional.of(new AdminUserEvent(type, path.group(1), null));
    }

    /** A grant ({@code CREATE}) or a removal ({@code DELETE}) of a group membership or role mapping of one user. */
    private static Optional<AdminUserEvent> membershipEvent(
            OperationType operation, Matcher path, OutboxType added, OutboxType removed) {
        if (!path.matches()) {
            return Optional.empty();
        }
        OutboxType type = switch (operation) {
            case CREATE -> added;
            case DELETE -> removed;
            default -> null;
        };
        // group membership: the group id; client role mapping: the client's UUID; realm role mapping: none
        String object = path.groupCount() >= 3 ? path.group(3) : path.group(2);
        return type == null ? Optional.empty() : Optional.of(new AdminUserEvent(type, path.group(1), object));
    }

    /**
     * A member added to ({@code CREATE …/members}) or removed from ({@code DELETE …/members/<user id>}) an organization.
     * Keycloak's path of an addition does not name the user: its subject is left null, for the listener to find by the
     * event's {@code username} detail.
     */
    private static Optional<AdminUserEvent> organizationEvent(OperationType operation, Matcher path) {
        if (!path.matches()) {
            return Optional.empty();
        }
        String organizationId = path.group(1);
        String member = path.group(2);
        if (operation == OperationType.CREATE && member == null) {
            return Optional.of(new AdminUserEvent(ADMIN_USER_ORGANIZATION_ADDED, null, organizationId));
        }
        if (operation == OperationType.DELETE && member != null) {
            return Optional.of(new AdminUserEvent(ADMIN_USER_ORGANIZATION_REMOVED, member, organizationId));
        }
        return Optional.empty();
    }

    /**
     * An admin event on one user: its type, the Keycloak id of the user it is about and, for memberships and role
     * mappings, the id of the other side (the group's id, the UUID of the client whose roles are mapped, or the
     * organization's id).
     */
    public record AdminUserEvent(OutboxType type, String subjectAuthId, String objectId) {

        /** The same event about {@code authId} (for additions to an organization, found after the fact). */
        public AdminUserEvent withSubject(String authId) {
            return new AdminUserEvent(type, authId, objectId);
        }
    }

    /** Parses a configured name: a Keycloak event type ({@code LOGIN}) or one of our type names. */
    public static OutboxType parse(String name) {
        String trimmed = name.trim();
        return Arrays.stream(values())
                .filter(t -> t.typeName.equals(trimmed) || (t.source != null && t.source.equalsIgnoreCase(trimmed)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + trimmed + "'"));
    }
}
