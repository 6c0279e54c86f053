package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class OutboxTypeTest {

    /** The public contract, written out by hand (README lists the same). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "REGISTER, identity.user.registered.v1",
        "REGISTER_ERROR, identity.user.registration-failed.v1",
        "LOGIN, identity.login.succeeded.v1",
        "LOGIN_ERROR, identity.login.failed.v1",
        "LOGOUT, identity.logout.v1",
        "UPDATE_PASSWORD, identity.user.password-updated.v1",
        "RESET_PASSWORD, identity.user.password-reset.v1",
        "SEND_RESET_PASSWORD, identity.user.password-reset-requested.v1",
        "VERIFY_EMAIL, identity.user.email-verified.v1",
        "SEND_VERIFY_EMAIL, identity.user.email-verification-sent.v1",
        "UPDATE_EMAIL, identity.user.email-updated.v1",
        "UPDATE_PROFILE, identity.user.profile-updated.v1",
        "DELETE_ACCOUNT, identity.user.account-deleted.v1",
        "USER_DISABLED_BY_TEMPORARY_LOCKOUT, identity.user.locked-temporarily.v1",
        "USER_DISABLED_BY_PERMANENT_LOCKOUT, identity.user.locked-permanently.v1",
        "IDENTITY_PROVIDER_FIRST_LOGIN, identity.user.identity-provider-first-login.v1",
        "REFRESH_TOKEN, identity.token.refreshed.v1",
        "UPDATE_CREDENTIAL, identity.user.credential-updated.v1",
        "REMOVE_CREDENTIAL, identity.user.credential-removed.v1",
    })
    void keycloakEventTypesMapToStableNames(EventType eventType, String typeName) {
        assertThat(OutboxType.forUserEvent(eventType)).map(OutboxType::typeName).contains(typeName);
        assertThat(OutboxType.parse(eventType.name())).isEqualTo(OutboxType.parse(typeName));
    }

    @Test
    void otherKeycloakEventsAreNotWritten() {
        assertThat(OutboxType.forUserEvent(EventType.CODE_TO_TOKEN)).isEmpty();
        assertThat(OutboxType.forUserEvent(EventType.UPDATE_PASSWORD_ERROR)).isEmpty();
        assertThat(OutboxType.forUserEvent(EventType.CLIENT_LOGIN)).isEmpty();
    }

    /** Keycloak's path of an addition names the organization, not the user: the listener finds the user afterwards. */
    @Test
    void anOrganizationAdditionNamesTheOrganizationAndLeavesTheSubjectToBeFound() {
        AdminEvent event = new AdminEvent();
        event.setOperationType(OperationType.CREATE);
        event.setResourceType(ResourceType.ORGANIZATION_MEMBERSHIP);
        event.setResourcePath("organizations/o1/members");
        OutboxType.AdminUserEvent added = OutboxType.forAdminEvent(event).orElseThrow();
        assertThat(added.type()).isEqualTo(OutboxType.ADMIN_USER_ORGANIZATION_ADDED);
        assertThat(added.subjectAuthId()).isNull();
        assertThat(added.objectId()).isEqualTo("o1");
        assertThat(added.withSubject("6f1c").subjectAuthId()).isEqualTo("6f1c");
    }

    /** {@code USER_SESSION_DELETED} exists from Keycloak 26.5: matched by name, so the 26.4 API needs no constant. */
    @Test
    void sessionDeletedIsMatchedByName() {
        assertThat(OutboxType.parse("USER_SESSION_DELETED")).isEqualTo(OutboxType.SESSION_DELETED);
        assertThat(OutboxType.SESSION_DELETED.typeName()).isEqualTo("identity.user.session-deleted.v1");
        assertThat(Arrays.stream(EventType.values()).filter(t -> t.name().equals("USER_SESSION_DELETED")))
                .as("the compile-time API (26.4) has no such constant; on newer servers forUserEvent matches its name")
                .isEmpty();
    }

    @Test
    void typeNamesAreVersionedAndUnique() {
        assertThat(Arrays.stream(OutboxType.values()).map(OutboxType::typeName))
                .allMatch(name -> name.matches("identity(\\.[a-z]+(-[a-z]+)*)+\\.v[1-9][0-9]*"))
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "CREATE, USER, users/6f1c, identity.admin.user.created.v1",
        "UPDATE, USER, users/6f1c, identity.admin.user.updated.v1",
        "DELETE, USER, users/6f1c, identity.admin.user.deleted.v1",
        "ACTION, USER, users/6f1c/reset-password, identity.admin.user.password-reset.v1",
        "UPDATE, USER, users/f:comp:42, identity.admin.user.updated.v1",
        "ACTION, USER, users/6f1c/execute-actions-email, ",
        "ACTION, USER, users/6f1c/logout, ",
        "CREATE, CLIENT, clients/6f1c, ",
        "CREATE, GROUP_MEMBERSHIP, users/6f1c/groups/1, identity.admin.user.group-added.v1",
        "DELETE, GROUP_MEMBERSHIP, users/6f1c/groups/1, identity.admin.user.group-removed.v1",
        "UPDATE, GROUP_MEMBERSHIP, users/6f1c/groups/1, ",
        "CREATE, GROUP_MEMBERSHIP, groups/1/members, ",
        "CREATE, REALM_ROLE_MAPPING, users/6f1c/role-mappings/realm, identity.admin.user.role-granted.v1",
        "DELETE, REALM_ROLE_MAPPING, users/6f1c/role-mappings/realm, identity.admin.user.role-revoked.v1",
        "CREATE, CLIENT_ROLE_MAPPING, users/6f1c/role-mappings/clients/9a0b, identity.admin.user.role-granted.v1",
        "DELETE, CLIENT_ROLE_MAPPING, users/6f1c/role-mappings/clients/9a0b, identity.admin.user.role-revoked.v1",
        "UPDATE, REALM_ROLE_MAPPING, users/6f1c/role-mappings/realm, ",
        "CREATE, REALM_ROLE_MAPPING, groups/1/role-mappings/realm, ",
        "CREATE, CLIENT_ROLE_MAPPING, clients/9a0b/scope-mappings/realm, ",
    })
    void adminEventsOnUsers(OperationType operation, ResourceType resource, String path, String expected) {
        AdminEvent event = new AdminEvent();
        event.setOperationType(operation);
        event.setResourceType(resource);
        event.setResourcePath(path);
        Optional<OutboxType.AdminUserEvent> mapped = OutboxType.forAdminEvent(event);
        if (expected == null) {
            assertThat(mapped).isEmpty();
        } else {
            assertThat(mapped).map(m -> m.type().typeName()).contains(expected);
            assertThat(mapped.get().subjectAuthId()).isEqualTo(path.split("/")[1]);
        }
    }

    @Test
    void unknownNamesAreRefused() {
        assertThatThrownBy(() -> OutboxType.parse("LOGINS")).hasMessageContaining("unknown event type 'LOGINS'");
        assertThat(OutboxType.parse(" login ")).isEqualTo(OutboxType.LOGIN_SUCCEEDED);
    }
}
