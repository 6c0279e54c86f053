package dev.identitybridge.keycloak.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code identity_outbox}, every value already cut to its column size, so the insert cannot fail on
 * its own (a failed insert would silently roll back the login it belongs to).
 */
public record OutboxRow(
        String id,
        String aggregateType,
        String aggregateId,
        String type,
        String payload,
        Instant timestamp,
        String realmId,
        int schemaVersion) {

    /** Column sizes of the changelog ({@code outbox-changelog.xml}). */
    public static final int ID_LENGTH = 36;

    public static final int NAME_LENGTH = 255;
    /** Longest string value the payload carries (detail values, ids, error codes). */
    public static final int VALUE_LENGTH = 255;

    public static final int DETAIL_KEY_LENGTH = 64;
    public static final int MAX_DETAILS = 32;
    /** Most role names one role-mapping row lists (the schema's maxItems). */
    public static final int MAX_ROLE_NAMES = 100;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static OutboxRow of(PayloadValues values) {
        String aggregateId = values.authId() != null ? values.authId() : values.realmId();
        return new OutboxRow(
                truncate(values.eventId(), ID_LENGTH),
                OutboxType.AGGREGATE_TYPE,
                truncate(aggregateId, NAME_LENGTH),
                values.type().typeName(),
                payloadJson(values),
                Instant.ofEpochMilli(values.time()),
                truncate(values.realmId(), NAME_LENGTH),
                OutboxType.SCHEMA_VERSION);
    }

    static String payloadJson(PayloadValues v) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "eventId", v.eventId());
        put(json, "type", v.type().typeName());
        json.put("schemaVersion", OutboxType.SCHEMA_VERSION);
        put(json, "occurredAt", UTC_MILLIS.format(Instant.ofEpochMilli(v.time())));
        put(json, "realmId", v.realmId());
        put(json, "realmName", v.realmName());
        put(json, "clientId", v.clientId());
        put(json, "authId", v.authId());
        put(json, "userId", v.userId());
        put(json, "sessionId", v.sessionId());
        put(json, "correlationId", v.correlationId());
        put(json, "error", v.error());
        put(json, "username", v.username());
        put(json, "email", v.email());
        put(json, "ipAddress", v.ipAddress());
        if (v.actor() != null) {
            Map<String, Object> actor = new LinkedHashMap<>();
            put(actor, "realmId", v.actor().realmId());
            put(actor, "clientId", v.actor().clientId());
            put(actor, "authId", v.actor().authId());
            json.put("actor", actor);
        }
        if (v.change() != null) {
            put(json, "credentialType", v.change().credentialType());
            put(json, "groupId", v.change().groupId());
            put(json, "groupPath", v.change().groupPath());
            if (v.change().roleNames() != null) {
                json.put(
                        "roleNames",
                        v.change().roleNames().stream()
                                .limit(MAX_ROLE_NAMES)
                                .map(name -> truncate(name, VALUE_LENGTH))
                                .toList());
            }
            put(json, "roleClientId", v.change().roleClientId());
            put(json, "organizationId", v.change().organizationId());
            put(json, "organizationAlias", v.change().organizationAlias());
        }
        if (!v.details().isEmpty()) {
            Map<String, String> details = new LinkedHashMap<>();
            v.details().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .limit(MAX_DETAILS)
                    .forEach(e ->
                            details.put(truncate(e.getKey(), DETAIL_KEY_LENGTH), truncate(e.getValue(), VALUE_LENGTH)));
            json.put("details", details);
        }
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise an outbox payload", e);
        }
    }

    private static void put(Map<String, Object> json, String field, String value) {
        if (value != null) {
            json.put(field, truncate(value, VALUE_LENGTH));
        }
    }

    /** At most {@code max} characters, never splitting a surrogate pair. */
    static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
