package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class PayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = loadSchema();

    private static JsonSchema loadSchema() {
        try (InputStream in =
                PayloadsTest.class.getResourceAsStream("/META-INF/identity-bridge/outbox/outbox-payload.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 2026-03-01T12:34:56.789Z */
    private static final long TIME = 1772368496789L;

    private static Event login() {
        Event event = new Event();
        event.setId("0b6b4f0c-2c1c-4c9e-9d7e-3a4b2c1d0e9f");
        event.setTime(TIME);
        event.setType(EventType.LOGIN);
        event.setRealmId("8a1d2c3b-0000-4000-8000-000000000001");
        event.setRealmName("shop");
        event.setClientId("web");
        event.setUserId("f:c0ffee:42");
        event.setSessionId("sess-1");
        event.setIpAddress("203.0.113.7");
        Map<String, String> details = new HashMap<>();
        details.put("username", "alice");
        details.put("auth_method", "openid-connect");
        details.put("grant_type", "password");
        details.put("email", "alice@example.com");
        details.put("first_name", "Alice");
        details.put("custom_secret", "x");
        event.setDetails(details);
        return event;
    }

    private static JsonNode json(PayloadValues values) throws Exception {
        JsonNode node = JSON.readTree(OutboxRow.of(values).payload());
        assertThat(SCHEMA.validate(node)).as("schema violations of %s", node).isEmpty();
        return node;
    }

    @Test
    void loginWithoutOptInCarriesNoPersonalData() throws Exception {
        JsonNode payload = json(
                Payloads.forUserEvent(login(), OutboxType.LOGIN_SUCCEEDED, "42", "req-1", OutboxConfig.defaults()));
        assertThat(payload.toString())
                .isEqualTo("{\"eventId\":\"0b6b4f0c-2c1c-4c9e-9d7e-3a4b2c1d0e9f\","
                        + "\"type\":\"identity.login.succeeded.v1\",\"schemaVersion\":1,\"occurredAt\":\"2026-03-01T12:34:56.789Z\","
                        + "\"realmId\":\"8a1d2c3b-0000-4000-8000-000000000001\",\"realmName\":\"shop\",\"clientId\":\"web\","
                        + "\"authId\":\"f:c0ffee:42\",\"userId\":\"42\",\"sessionId\":\"sess-1\",\"correlationId\":\"req-1\","
                        + "\"details\":{\"auth_method\":\"openid-connect\",\"grant_type\":\"password\"}}");
        assertThat(payload.toString()).doesNotContain("alice", "203.0.113.7", "Alice", "custom_secret");
    }

    @Test
    void optedInRealmGetsEmailUsernameAndIp() throws Exception {
        OutboxConfig config = OutboxConfig.parse(
                Map.of("personal-data", "email,username,ip-address", "personal-data-realms", "shop")::get);
        JsonNode payload = json(Payloads.forUserEvent(login(), OutboxType.LOGIN_SUCCEEDED, null, null, config));
        assertThat(payload.get("username").asText()).isEqualTo("alice");
        assertThat(payload.get("email").asText()).isEqualTo("alice@example.com");
        assertThat(payload.get("ipAddress").asText()).isEqualTo("203.0.113.7");
        assertThat(payload.has("userId")).isFalse();
        // names are never written, even with every opt-in
        assertThat(payload.toString()).doesNotContain("Alice");

        Event other = login();
        other.setRealmName("staff");
        JsonNode staff = json(Payloads.forUserEvent(other, OutboxType.LOGIN_SUCCEEDED, null, null, config));
        assertThat(staff.has("username") || staff.has("email") || staff.has("ipAddress"))
                .isFalse();
    }

    @Test
    void emailChangeDetailsOnlyWithTheEmailOptIn() throws Exception {
        Event event = login();
        event.setType(EventType.UPDATE_EMAIL);
        event.setDetails(
                Map.of("previous_email", "old@example.com", "updated_email", "new@example.com", "context", "ACCOUNT"));
        JsonNode without =
                json(Payloads.forUserEvent(event, OutboxType.EMAIL_UPDATED, null, null, OutboxConfig.defaults()));
        assertThat(without.toString()).doesNotContain("example.com");
        assertThat(without.get("details").get("context").asText()).isEqualTo("ACCOUNT");
        JsonNode with = json(Payloads.forUserEvent(
                event,
                OutboxType.EMAIL_UPDATED,
                null,
                null,
                OutboxConfig.parse(Map.of("personal-data", "email")::get)));
        assertThat(with.get("email").asText()).isEqualTo("new@example.com");
        assertThat(with.get("details").get("previous_email").asText()).isEqualTo("old@example.com");
    }

    @Test
    void failedLoginOfUnknownUserIsKeyedByRealm() throws Exception {
        Event event = login();
        event.setType(EventType.LOGIN_ERROR);
        event.setUserId(null);
        event.setSessionId(null);
        event.setError("user_not_found");
        OutboxRow row = OutboxRow.of(
                Payloads.forUserEvent(event, OutboxType.LOGIN_FAILED, null, null, OutboxConfig.defaults()));
        assertThat(row.aggregateId()).isEqualTo(event.getRealmId());
        assertThat(row.aggregateType()).isEqualTo("identity.user");
        assertThat(row.type()).isEqualTo("identity.login.failed.v1");
        assertThat(row.schemaVersion()).isEqualTo(1);
        assertThat(row.timestamp().toEpochMilli()).isEqualTo(TIME);
        JsonNode payload = JSON.readTree(row.payload());
        assertThat(SCHEMA.validate(payload)).isEmpty();
        assertThat(payload.get("error").asText()).isEqualTo("user_not_found");
        assertThat(payload.has("authId")).isFalse();
    }

    @Test
    void adminEventNeverCopiesTheRepresentation() throws Exception {
        AdminEvent event = new AdminEvent();
        event.setId("5d0b0e7e-1111-4111-8111-111111111111");
        event.setTime(TIME);
        event.setRealmId("r1");
        event.setRealmName("shop");
        event.setOperationType(OperationType.CREATE);
        event.setResourceType(ResourceType.USER);
        event.setResourcePath("users/7e57");
        event.setRepresentation("{\"username\":\"bob\",\"email\":\"bob@example.com\"}");
        AuthDetails auth = new AuthDetails();
        auth.setRealmId("master-id");
        auth.setClientId("admin-cli-id");
        auth.setUserId("admin-id");
        auth.setIpAddress("198.51.100.1");
        event.setAuthDetails(auth);
        OutboxType.AdminUserEvent mapped = OutboxType.forAdminEvent(event).orElseThrow();
        JsonNode payload = json(Payloads.forAdminEvent(event, mapped, null, null, null, OutboxConfig.defaults()));
        assertThat(payload.get("type").asText()).isEqualTo("identity.admin.user.created.v1");
        assertThat(payload.get("authId").asText()).isEqualTo("7e57");
        assertThat(payload.get("actor").get("authId").asText()).isEqualTo("admin-id");
        assertThat(payload.toString()).doesNotContain("bob", "198.51.100.1");
    }

    /** Built directly: Keycloak's Event setters already shorten some values, our own callers need not. */
    @Test
    void everyValueIsCutToItsColumnOrSchemaSize() throws Exception {
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        Map<String, String> details = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            details.put("x" + i + "_" + "d".repeat(70), "v");
        }
        details.put("reason", "y".repeat(1000));
        PayloadValues values = new PayloadValues(
                "x".repeat(40),
                OutboxType.USER_PROVISIONED,
                TIME,
                "r".repeat(300),
                "shop",
                "c".repeat(300),
                "u".repeat(254) + emoji,
                "a".repeat(256),
                null,
                "z".repeat(100),
                null,
                details,
                null,
                null,
                null,
                null,
                null);
        OutboxRow row = OutboxRow.of(values);
        assertThat(row.id()).hasSize(36);
        assertThat(row.aggregateId()).hasSize(254); // the surrogate pair is not split
        assertThat(row.realmId()).hasSize(255);
        JsonNode payload = JSON.readTree(row.payload());
        assertThat(payload.get("clientId").asText()).hasSize(255);
        assertThat(payload.get("userId").asText()).hasSize(255);
        assertThat(payload.get("details")).hasSize(32);
        assertThat(payload.get("details").fieldNames()).toIterable().allMatch(key -> key.length() <= 64);
        assertThat(payload.get("details").get("reason").asText()).hasSize(255);
        // the payload keeps 255 characters of an over-long event id while the schema allows 36: the schema catches it
        assertThat(payload.get("eventId").asText()).hasSize(40);
        assertThat(SCHEMA.validate(payload)).isNotEmpty();
    }

    @Test
    void credentialEventsCarryTheCredentialType() throws Exception {
        for (EventType eventType : new EventType[] {EventType.UPDATE_CREDENTIAL, EventType.REMOVE_CREDENTIAL})
            for (String credentialType : List.of("password", "otp", "webauthn", "webauthn-passwordless")) {
                Event event = new Event();
                event.setId(UUID.randomUUID().toString());
                event.setTime(TIME);
                event.setType(eventType);
                event.setRealmId("r1");
                event.setRealmName("shop");
                event.setClientId("account-console");
                event.setUserId("7e57");
                event.setDetails(
                        Map.of(Details.CREDENTIAL_TYPE, credentialType, Details.CREDENTIAL_USER_LABEL, "my phone"));
                OutboxType type = OutboxType.forUserEvent(eventType).orElseThrow();
                JsonNode payload = json(Payloads.forUserEvent(event, type, null, null, OutboxConfig.defaults()));
                assertThat(payload.get("type").asText())
                        .isEqualTo(
                                eventType == EventType.UPDATE_CREDENTIAL
                                        ? "identity.user.credential-updated.v1"
                                        : "identity.user.credential-removed.v1");
                assertThat(payload.get("credentialType").asText()).isEqualTo(credentialType);
                assertThat(payload.toString())
                        .as("the user's label for a credential is not copied")
                        .doesNotContain("my phone");
            }
    }

    @Test
    void groupAndRoleChangesNameTheGroupAndTheRoles() throws Exception {
        AdminEvent groupEvent = adminEvent(
                OperationType.CREATE,
                ResourceType.GROUP_MEMBERSHIP,
                "users/7e57/groups/g-1",
                "{\"id\":\"g-1\",\"name\":\"b\",\"path\":\"/a/b\",\"attributes\":{\"secret\":[\"s3\"]}}");
        OutboxType.AdminUserEvent group = OutboxType.forAdminEvent(groupEvent).orElseThrow();
        JsonNode joined = json(Payloads.forAdminEvent(
                groupEvent,
                group,
                null,
                null,
                AdminChanges.of(group, groupEvent.getRepresentation(), id -> null, id -> null),
                OutboxConfig.defaults()));
        assertThat(joined.get("type").asText()).isEqualTo("identity.admin.user.group-added.v1");
        assertThat(joined.get("groupId").asText()).isEqualTo("g-1");
        assertThat(joined.get("groupPath").asText())
                .as("from the representation when the realm has no such group")
                .isEqualTo("/a/b");
        assertThat(joined.toString()).doesNotContain("s3");

        AdminEvent roleEvent = adminEvent(
                OperationType.DELETE,
                ResourceType.CLIENT_ROLE_MAPPING,
                "users/7e57/role-mappings/clients/c-uuid",
                "[{\"id\":\"r1\",\"name\":\"reader\"},{\"id\":\"r2\",\"name\":\"writer\"}]");
        OutboxType.AdminUserEvent role = OutboxType.forAdminEvent(roleEvent).orElseThrow();
        JsonNode revoked = json(Payloads.forAdminEvent(
                roleEvent,
                role,
                null,
                null,
                AdminChanges.of(
                        role,
                        roleEvent.getRepresentation(),
                        id -> null,
                        uuid -> uuid.equals("c-uuid") ? "shop-api" : null),
                OutboxConfig.defaults()));
        assertThat(revoked.get("type").asText()).isEqualTo("identity.admin.user.role-revoked.v1");
        assertThat(revoked.get("roleNames")).extracting(JsonNode::asText).containsExactly("reader", "writer");
        assertThat(revoked.get("roleClientId").asText()).isEqualTo("shop-api");

        AdminEvent realmRoles = adminEvent(
                OperationType.CREATE, ResourceType.REALM_ROLE_MAPPING, "users/7e57/role-mappings/realm", null);
        OutboxType.AdminUserEvent granted = OutboxType.forAdminEvent(realmRoles).orElseThrow();
        JsonNode withoutRepresentation = json(Payloads.forAdminEvent(
                realmRoles,
                granted,
                null,
                null,
                AdminChanges.of(granted, null, id -> null, id -> null),
                OutboxConfig.defaults()));
        assertThat(withoutRepresentation.get("type").asText()).isEqualTo("identity.admin.user.role-granted.v1");
        assertThat(withoutRepresentation.has("roleNames"))
                .as("no representation, no names")
                .isFalse();
        assertThat(withoutRepresentation.has("roleClientId")).isFalse();
    }

    @Test
    void organizationChangesNameTheOrganizationNotItsMembers() throws Exception {
        AdminEvent event = adminEvent(
                OperationType.DELETE,
                ResourceType.ORGANIZATION_MEMBERSHIP,
                "organizations/o1/members/7e57",
                "{\"id\":\"o1\",\"alias\":\"acme\",\"name\":\"ACME\",\"domains\":[{\"name\":\"acme.example\"}]}");
        event.setDetails(Map.of("username", "bob", "email", "bob@acme.example"));
        OutboxType.AdminUserEvent removed = OutboxType.forAdminEvent(event).orElseThrow();
        JsonNode payload = json(Payloads.forAdminEvent(
                event,
                removed,
                null,
                null,
                AdminChanges.of(removed, event.getRepresentation(), id -> null, id -> null),
                OutboxConfig.defaults()));
        assertThat(payload.get("type").asText()).isEqualTo("identity.admin.user.organization-removed.v1");
        assertThat(payload.get("authId").asText()).isEqualTo("7e57");
        assertThat(payload.get("organizationId").asText()).isEqualTo("o1");
        assertThat(payload.get("organizationAlias").asText()).isEqualTo("acme");
        assertThat(payload.toString()).doesNotContain("bob", "acme.example");
    }

    @Test
    void theRealmsGroupPathWinsOverTheRepresentation() {
        OutboxType.AdminUserEvent group =
                new OutboxType.AdminUserEvent(OutboxType.ADMIN_USER_GROUP_REMOVED, "7e57", "g-1");
        assertThat(AdminChanges.of(group, "{\"path\":\"/stale\"}", id -> "/current", id -> null)
                        .groupPath())
                .isEqualTo("/current");
        assertThat(AdminChanges.roleNames("not json")).isNull();
        assertThat(AdminChanges.roleNames("{\"name\":\"x\"}"))
                .as("not an array")
                .isNull();
    }

    private static AdminEvent adminEvent(
            OperationType operation, ResourceType resource, String path, String representation) {
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(TIME);
        event.setRealmId("r1");
        event.setRealmName("shop");
        event.setOperationType(operation);
        event.setResourceType(resource);
        event.setResourcePath(path);
        event.setRepresentation(representation);
        return event;
    }

    @Test
    void truncateKeepsShortValues() {
        assertThat(OutboxRow.truncate("abc", 3)).isEqualTo("abc");
        assertThat(OutboxRow.truncate("abcd", 3)).isEqualTo("abc");
        assertThat(OutboxRow.truncate(null, 3)).isNull();
    }
}
