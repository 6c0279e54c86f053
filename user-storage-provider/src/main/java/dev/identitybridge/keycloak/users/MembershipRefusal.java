package dev.identitybridge.keycloak.users;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A role grant or removal (group join or leave) that the app's join table decides, refused in mode READ_ONLY. Keycloak's
 * admin API answers a {@link org.keycloak.models.ModelException} or {@link org.keycloak.storage.ReadOnlyException}
 * from a role mapping with its own generic "Could not add user role mappings!", and one from a group membership with a
 * 500; this answer is a 400 whose {@code errorMessage} (which the admin console shows) says what happened and where to
 * change it: {@code {"error": "app_membership_read_only", "errorMessage": "..."}}.
 */
final class MembershipRefusal {

    static final String ERROR = "app_membership_read_only";

    private MembershipRefusal() {}

    static WebApplicationException readOnly(String message) {
        return json(Response.Status.BAD_REQUEST, ERROR, message);
    }

    /** An answer of the admin API's shape, {@code {"error": ..., "errorMessage": ...}}, for a refusal outside login flows. */
    static WebApplicationException json(Response.Status status, String error, String message) {
        return new WebApplicationException(
                message,
                Response.status(status)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(Map.of("error", error, "errorMessage", message))
                        .build());
    }
}
