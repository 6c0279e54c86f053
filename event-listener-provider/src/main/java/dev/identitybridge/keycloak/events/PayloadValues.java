package dev.identitybridge.keycloak.events;

import java.util.Map;

/**
 * What one outbox row says, before it is serialised: the payload fields of the JSON Schema
 * ({@code outbox-payload.schema.json}). Null fields are left out of the JSON.
 *
 * @param authId    Keycloak user id the event is about (the row's {@code aggregateid}); null for anonymous failures
 * @param userId    the app's user id, when known without a query
 * @param actor     for admin events: who acted
 * @param username  personal data: only when the realm opted in
 * @param email     personal data: only when the realm opted in
 * @param ipAddress personal data: only when the realm opted in
 */
public record PayloadValues(String eventId, OutboxType type, long time, String realmId, String realmName, String clientId,
                            String authId, String userId, String sessionId, String correlationId, String error,
                            Map<String, String> details, String username, String email, String ipAddress, Actor actor) {

    public PayloadValues {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** Who performed an admin operation. */
    public record Actor(String realmId, String clientId, String authId) {
    }
}
