package dev.identitybridge.keycloak.users;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Map;

/**
 * Why a user cannot be created while the app database is unreachable: Keycloak's duplicate checks could not see
 * the app's users, so a new Keycloak user might take the username or email of an app user. Nothing is written.
 */
final class CreationRefusal {

    /** Shown on the registration form, on the login error page and in the admin API's answer (no apostrophes: MessageFormat). */
    static final String MESSAGE = "The user directory cannot be reached right now, so no new account can be created. "
            + "Please try again later.";
    /** Stable error code of the JSON answer outside login flows. */
    static final String ERROR = "external_users_unavailable";

    private CreationRefusal() {
    }

    /**
     * In a login flow (registration, identity-provider first login): an error page with the message, answered by
     * Keycloak's authentication processor with status 503. Elsewhere (admin API, other REST callers): a 503 JSON
     * answer {@code {"error": "external_users_unavailable", "errorMessage": "..."}}.
     */
    static RuntimeException exception(KeycloakSession session) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession != null) {
            Response page = session.getProvider(LoginFormsProvider.class).setAuthenticationSession(authSession)
                    .setError(MESSAGE).createErrorPage(Response.Status.SERVICE_UNAVAILABLE);
            return new AuthenticationFlowException(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR, page);
        }
        return new WebApplicationException(MESSAGE, Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", ERROR, "errorMessage", MESSAGE)).build());
    }
}
