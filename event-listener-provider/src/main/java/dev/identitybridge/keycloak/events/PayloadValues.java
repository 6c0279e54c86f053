package dev.identitybridge.keycloak.events;

import java.util.List;
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
 * @param change    what changed, for credential, group-membership and role-mapping events; null otherwise
 */
public record PayloadValues(
        String eventId,
        OutboxType type,
        long time,
        String realmId,
        String realmName,
        String clientId,
        String authId,
        String userId,
        String sessionId,
        String correlationId,
        String error,
        Map<String, String> details,
        String username,
        String email,
        String ipAddress,
        Actor actor,
        Change change) {

    public PayloadValues {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /**
     * What a credential, group-membership or role-mapping event changed (no personal data: types, ids, paths, names).
     *
     * @param credentialType Keycloak's credential type ({@code password}, {@code otp}, {@code webauthn}, …)
     * @param groupId        the group joined or left
     * @param groupPath      its path ({@code /parent/child}), when the group still exists or the representation has it
     * @param roleNames      roles granted or revoked; null when Keycloak sent no representation
     * @param roleClientId   for client roles: the client id (not its UUID) whose roles they are
     * @param organizationId the organization joined or left
     * @param organizationAlias its alias, when Keycloak's representation has it
     */
    public record Change(
            String credentialType,
            String groupId,
            String groupPath,
            List<String> roleNames,
            String roleClientId,
            String organizationId,
            String organizationAlias) {

        public Change {
            roleNames = roleNames == null ? null : List.copyOf(roleNames);
        }

        public static Change credential(String credentialType) {
            return credentialType == null ? null : new Change(credentialType, null, null, null, null, null, null);
        }
    }

    /** Who performed an admin operation. */
    public record Actor(String realmId, String clientId, String authId) {}
}
