package dev.identitybridge.keycloak.users;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Locale;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

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

    /**
     * The authentication-session note in which Keycloak's authentication processor keeps a "forwarded" error message
     * (a JSON {@link FormMessage}); a flow that ends without an authenticated user shows it on its error page
     * (same key in 26.4 to 26.7).
     */
    static final String FORWARDED_ERROR_NOTE = "fwMessageError";

    private CreationRefusal() {}

    private static String forwardedMessage() {
        try {
            return JsonSerialization.writeValueAsString(new FormMessage(null, MESSAGE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The form as posted, without passwords, to fill the form again. */
    private static MultivaluedMap<String, String> typedValues(KeycloakSession session) {
        MultivaluedMap<String, String> typed =
                new MultivaluedHashMap<>(session.getContext().getHttpRequest().getDecodedFormParameters());
        typed.keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).contains("password"));
        return typed;
    }

    /**
     * In a login flow: the registration form again, with the message and what was typed (passwords left out), posting
     * to the same step; elsewhere in a flow (identity-provider first login) an error page with the message and status
     * 503. Both are answered by Keycloak's authentication processor, which takes the response of an
     * {@link AuthenticationFlowException}. In the first-broker-login flow the user is created by an <em>alternative</em>
     * step, whose exception Keycloak swallows before trying the next alternative; the message is therefore also left
     * as the flow's forwarded error message, which Keycloak shows when the flow ends without a user. Outside login flows (admin API, other REST callers): a 503 JSON answer
     * {@code {"error": "external_users_unavailable", "errorMessage": "..."}}.
     */
    static RuntimeException exception(KeycloakSession session) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession != null) {
            LoginFormsProvider form = session.getProvider(LoginFormsProvider.class)
                    .setAuthenticationSession(authSession)
                    .setError(MESSAGE);
            URI request = session.getContext().getUri().getRequestUri();
            Response page;
            if (request.getPath().endsWith(REGISTRATION_PATH)) {
                page = form.setActionUri(request)
                        .setFormData(typedValues(session))
                        .createRegistration();
            } else {
                page = form.createErrorPage(Response.Status.SERVICE_UNAVAILABLE);
                authSession.setAuthNote(FORWARDED_ERROR_NOTE, forwardedMessage());
            }
            return new AuthenticationFlowException(AuthenticationFlowError.GENERIC_AUTHENTICATION_ERROR, page);
        }
        return MembershipRefusal.json(Response.Status.SERVICE_UNAVAILABLE, ERROR, MESSAGE);
    }
}
