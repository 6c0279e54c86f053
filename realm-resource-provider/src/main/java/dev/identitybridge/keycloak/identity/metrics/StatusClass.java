package dev.identitybridge.keycloak.identity.metrics;

/** The {@code status} tag of {@code identity_bridge_identity_request_seconds}: {@code 2xx}, {@code 4xx}, {@code 5xx}. */
public enum StatusClass {
    SUCCESS("2xx"),
    CLIENT_ERROR("4xx"),
    SERVER_ERROR("5xx");

    private final String tag;

    StatusClass(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** The class of an HTTP status; the resource answers nothing but 2xx, 4xx and 5xx (anything else counts as 5xx). */
    public static StatusClass of(int status) {
        if (status >= 200 && status < 300) {
            return SUCCESS;
        }
        return status >= 400 && status < 500 ? CLIENT_ERROR : SERVER_ERROR;
    }
}
