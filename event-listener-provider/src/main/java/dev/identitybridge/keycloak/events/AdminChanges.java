package dev.identitybridge.keycloak.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a group-membership or role-mapping admin event changed, from the event and the realm: the group's id and path,
 * or the names of the roles and the client they belong to. Only names and ids are read from Keycloak's
 * representation (it can hold more); the representation itself is never copied.
 */
final class AdminChanges {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminChanges() {}

    /**
     * @param representation the event's representation, or null when the realm does not include representations
     * @param groupPath      a group's path by its id, or null when it no longer exists
     * @param clientId       a client's client id by its UUID, or null when it no longer exists
     */
    static PayloadValues.Change of(
            OutboxType.AdminUserEvent event,
            String representation,
            Function<String, String> groupPath,
            Function<String, String> clientId) {
        return switch (event.type()) {
            case ADMIN_USER_GROUP_ADDED, ADMIN_USER_GROUP_REMOVED ->
                new PayloadValues.Change(
                        null,
                        event.objectId(),
                        groupPathOf(event.objectId(), representation, groupPath),
                        null,
                        null,
                        null,
                        null);
            case ADMIN_USER_ROLE_GRANTED, ADMIN_USER_ROLE_REVOKED ->
                new PayloadValues.Change(
                        null,
                        null,
                        null,
                        roleNames(representation),
                        event.objectId() == null ? null : clientId.apply(event.objectId()),
                        null,
                        null);
            case ADMIN_USER_ORGANIZATION_ADDED, ADMIN_USER_ORGANIZATION_REMOVED ->
                new PayloadValues.Change(null, null, null, null, null, event.objectId(), text(representation, "alias"));
            default -> null;
        };
    }

    private static String groupPathOf(String groupId, String representation, Function<String, String> groupPath) {
        String known = groupId == null ? null : groupPath.apply(groupId);
        if (known != null) {
            return known;
        }
        JsonNode group = parse(representation);
        return group != null && group.path("path").isTextual()
                ? group.path("path").asText()
                : null;
    }

    /** A text field of the representation (a JSON object); null without one. */
    private static String text(String representation, String field) {
        JsonNode node = parse(representation);
        return node != null && node.path(field).isTextual() ? node.path(field).asText() : null;
    }

    /** The {@code name} of each role of the representation (a JSON array of roles); null without one. */
    static List<String> roleNames(String representation) {
        JsonNode roles = parse(representation);
        if (roles == null || !roles.isArray()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        roles.forEach(role -> {
            if (role.path("name").isTextual()) {
                names.add(role.path("name").asText());
            }
        });
        return names;
    }

    private static JsonNode parse(String representation) {
        if (representation == null || representation.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(representation);
        } catch (IOException e) {
            return null; // not JSON we understand: the row goes without the names
        }
    }
}
