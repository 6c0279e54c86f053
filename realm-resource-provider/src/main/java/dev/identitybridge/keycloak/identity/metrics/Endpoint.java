package dev.identitybridge.keycloak.identity.metrics;

/**
 * The {@code endpoint} tag of {@code identity_bridge_identity_request_seconds}: the route of {@code /identity}, never
 * the raw path (a support-view path carries an app user id).
 */
public enum Endpoint {
    /** {@code POST /resolve}. */
    RESOLVE("resolve"),
    /** {@code POST /bootstrap}. */
    BOOTSTRAP("bootstrap"),
    /** {@code GET /users/{userId}}, the support view. */
    SUPPORT("support"),
    /** {@code POST /backfill}. */
    BACKFILL("backfill"),
    /** {@code GET /openapi.json}. */
    OPENAPI("openapi"),
    /** Any other path under {@code /identity} (answered 404). */
    UNKNOWN("unknown");

    private final String tag;

    Endpoint(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
