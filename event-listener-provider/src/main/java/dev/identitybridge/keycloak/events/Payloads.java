package dev.identitybridge.keycloak.events;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;

/**
 * Builds {@link PayloadValues} from Keycloak's events: only allow-listed details, personal data only where the
 * realm opted in. Pure: everything that needs the request or the session is passed in.
 */
public final class Payloads {

    /** Keycloak's {@code Details.USER_SESSION_EXPIRED_REASON}, which the 26.4 API does not have. */
    static final String USER_SESSION_EXPIRED_REASON = "user_session_expired";
    /** Details that carry no personal data: copied as they are. */
    static final Set<String> SAFE_DETAILS = Set.of(
            Details.AUTH_METHOD,
            Details.AUTH_TYPE,
            Details.GRANT_TYPE,
            Details.RESPONSE_TYPE,
            Details.RESPONSE_MODE,
            Details.REDIRECT_URI,
            Details.REGISTER_METHOD,
            Details.IDENTITY_PROVIDER,
            Details.CODE_ID,
            Details.REMEMBER_ME,
            Details.REASON,
            Details.CONSENT,
            Details.CREDENTIAL_TYPE,
            Details.ACTION,
            Details.REDIRECTED_TO_CLIENT,
            Details.CONTEXT,
            Details.ORG_ID,
            Details.LOGIN_RETRY,
            Details.NUM_FAILURES,
            Details.AUTHENTICATION_ERROR_DETAIL,
            Details.NOT_BEFORE,
            USER_SESSION_EXPIRED_REASON,
            Details.RESTART_AFTER_TIMEOUT);
    /** Details that are email addresses: only with the {@code email} opt-in. */
    static final Set<String> EMAIL_DETAILS =
            Set.of(Details.PREF_PREVIOUS + Details.EMAIL, Details.PREF_UPDATED + Details.EMAIL);
    /** Details that are user names: only with the {@code username} opt-in. */
    static final Set<String> USERNAME_DETAILS = Set.of(Details.IDENTITY_PROVIDER_USERNAME);

    private Payloads() {}

    public static PayloadValues forUserEvent(
            Event event, OutboxType type, String appUserId, String correlationId, OutboxConfig config) {
        String realm = event.getRealmName();
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        boolean email = config.includes(PersonalData.EMAIL, realm);
        boolean username = config.includes(PersonalData.USERNAME, realm);
        String emailValue = details.getOrDefault(Details.EMAIL, details.get(Details.PREF_UPDATED + Details.EMAIL));
        return new PayloadValues(
                event.getId(),
                type,
                event.getTime(),
                event.getRealmId(),
                realm,
                event.getClientId(),
                event.getUserId(),
                appUserId,
                event.getSessionId(),
                correlationId,
                event.getError(),
                allowedDetails(details, email, username),
                username ? details.get(Details.USERNAME) : null,
                email ? emailValue : null,
                config.includes(PersonalData.IP_ADDRESS, realm) ? event.getIpAddress() : null,
                null,
                type == OutboxType.CREDENTIAL_UPDATED || type == OutboxType.CREDENTIAL_REMOVED
                        ? PayloadValues.Change.credential(details.get(Details.CREDENTIAL_TYPE))
                        : null);
    }

    public static PayloadValues forAdminEvent(
            AdminEvent event,
            OutboxType.AdminUserEvent userEvent,
            String appUserId,
            String correlationId,
            PayloadValues.Change change,
            OutboxConfig config) {
        AuthDetails auth = event.getAuthDetails();
        PayloadValues.Actor actor =
                auth == null ? null : new PayloadValues.Actor(auth.getRealmId(), auth.getClientId(), auth.getUserId());
        String ip = auth != null && config.includes(PersonalData.IP_ADDRESS, event.getRealmName())
                ? auth.getIpAddress()
                : null;
        // the representation is never copied: it can hold any user attribute
        return new PayloadValues(
                event.getId(),
                userEvent.type(),
                event.getTime(),
                event.getRealmId(),
                event.getRealmName(),
                null,
                userEvent.subjectAuthId(),
                appUserId,
                null,
                correlationId,
                event.getError(),
                Map.of(),
                null,
                null,
                ip,
                actor,
                change);
    }

    static Map<String, String> allowedDetails(Map<String, String> details, boolean email, boolean username) {
        Map<String, String> allowed = new TreeMap<>();
        details.forEach((key, value) -> {
            if (value != null
                    && (SAFE_DETAILS.contains(key)
                            || (email && EMAIL_DETAILS.contains(key))
                            || (username && USERNAME_DETAILS.contains(key)))) {
                allowed.put(key, value);
            }
        });
        return allowed;
    }
}
