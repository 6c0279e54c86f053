package dev.identitybridge.keycloak.users;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.net.URI;
import java.util.Locale;
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

    /** The path of the registration form's step (its form posts there). */
    private static final String REGISTRATION_PATH = "/login-actions/registration";

    private CreationRefusal() {
    }

    /** The form as posted, without passwords, to fill the form again. */
    private static MultivaluedMap<String, String> typedValues(KeycloakSession session) {
        MultivaluedMap<String, String> typed = new MultivaluedHashMap<>(session.getContext().getHttpRequest().getDecodedFormParameters());
        typed.keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).contains("password"));
        return typed;
    }

    /**
     * In a login flow: the registration form again, with the message and what was typed (passwords left out), posting
     * to the same step; elsewhere in a flow (identity-provider first login) an error page with the message and status
     * 503. Both are answered by Keycloak's authentication processor, which takes the response of an
     * {@link AuthenticationFlowException}. Outside login flows (admin API, other REST callers): a 503 JSON answer
     * {@code {"error": "external_users_unavailable", "errorMessage": "..."}}.
     */
    static RuntimeException exception(KeycloakSession session) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession != null) {
            LoginFormsProvider form = session.getProvider(LoginFormsProvider.class).setAuthenticationSession(authSession)
                    .setError(MESSAGE);
            URI request = session.getContext().getUri().getRequestUri();
            Response page = request.getPath().endsWith(REGISTRATION_PATH)
                    ? form.setActionUri(request).setFormData(typedValues(session)).createRegistration()
                    : form.createErrorPage(Response.Status.SERVICE_UNAVAILABLE);
            return new AuthenticationFlowException(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR, page);
        }
        return new WebApplicationException(MESSAGE, Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", ERROR, "errorMessage", MESSAGE)).build());
    }
}
