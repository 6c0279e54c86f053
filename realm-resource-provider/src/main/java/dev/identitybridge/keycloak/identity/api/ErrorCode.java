package dev.identitybridge.keycloak.identity.api;

/** Every error the identity resource answers, with its stable code and HTTP status (the OpenAPI document lists them). */
public enum ErrorCode {
    INVALID_JSON(400, "invalid_json"),
    UNKNOWN_FIELD(400, "unknown_field"),
    INVALID_REQUEST(400, "invalid_request"),
    INVALID_EMAIL(400, "invalid_email"),
    VALUE_TOO_LONG(400, "value_too_long"),
    MISSING_TOKEN(401, "missing_token"),
    INVALID_TOKEN(401, "invalid_token"),
    SERVICE_ACCOUNT_REQUIRED(403, "service_account_required"),
    USER_TOKEN_REQUIRED(403, "user_token_required"),
    INSUFFICIENT_ROLE(403, "insufficient_role"),
    USER_DISABLED(403, "user_disabled"),
    NOT_FOUND(404, "not_found"),
    EMAIL_CONFLICT(409, "email_conflict"),
    EMAIL_LINK_UNVERIFIED(409, "email_link_unverified"),
    LINK_CONFLICT(409, "link_conflict"),
    USERNAME_CONFLICT(409, "username_conflict"),
    PROVISIONING_DISABLED(409, "provisioning_disabled"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    SERVER_ERROR(500, "server_error"),
    APP_DATABASE_UNAVAILABLE(503, "app_database_unavailable");

    private final int status;
    private final String code;

    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
