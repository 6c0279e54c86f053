package dev.identitybridge.keycloak.events;

import jakarta.persistence.EntityManager;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Writes one {@code identity_outbox} row per event through Keycloak's own EntityManager, inside the transaction
 * the event is sent in: success events commit or roll back with the login/registration itself; error events are
 * sent by Keycloak in a separate transaction of their own. Besides that insert, only admin events of memberships read
 * Keycloak's (cached) realm: the group's path, the client's id, the user an organization addition names by username.
 * <p>
 * Keycloak catches what a listener throws, but a failed insert would still undo the login with it (the database
 * aborts the transaction), so every value is prepared (ids unique, sizes cut) before the one insert.
 */
public final class OutboxEventListenerProvider implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(OutboxEventListenerProvider.class);
    /** Keycloak's password credential type ({@code PasswordCredentialModel.TYPE}). */
    static final String PASSWORD_CREDENTIAL = "password";

    private final KeycloakSession session;
    private final OutboxConfig config;
    private final OutboxMetrics metrics;
    private final OutboxTable table;
    /** Event ids this session already wrote: a second persist of one id would fail the whole transaction. */
    private Set<String> written;
    /**
     * Users whose password change this session already has as {@code identity.user.credential-updated.v1}: Keycloak
     * 26 sends the deprecated {@code UPDATE_PASSWORD} beside {@code UPDATE_CREDENTIAL}, and one change is one row.
     * Checked when the rows are written (the prepare phase), so the order Keycloak sends the two in does not matter.
     */
    private final Set<String> passwordCredentialUpdates = new HashSet<>();

    OutboxEventListenerProvider(
            KeycloakSession session, OutboxConfig config, OutboxMetrics metrics, OutboxTable table) {
        this.session = session;
        this.config = config;
        this.metrics = metrics;
        this.table = table;
    }

    @Override
    public void onEvent(Event event) {
        if (config.excludes(event.getRealmName(), event.getClientId())) {
            return;
        }
        OutboxType.forUserEvent(event.getType())
                .filter(config::writes)
                .ifPresent(type -> write(
                        type,
                        () -> Payloads.forUserEvent(
                                event,
                                type,
                                appUserId(event.getRealmId(), event.getUserId()),
                                correlationId(),
                                config)));
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getAuthDetails() != null
                && config.excludes(event.getRealmName(), event.getAuthDetails().getClientId())) {
            return;
        }
        OutboxType.forAdminEvent(event)
                .filter(e -> config.writes(e.type()))
                .ifPresent(mapped -> write(mapped.type(), () -> {
                    // inside write: a failing lookup is counted and logged like any other, never thrown at Keycloak
                    OutboxType.AdminUserEvent userEvent =
                            mapped.subjectAuthId() == null ? mapped.withSubject(memberOf(event)) : mapped;
                    return Payloads.forAdminEvent(
                            event,
                            userEvent,
                            appUserId(event.getRealmId(), userEvent.subjectAuthId()),
                            correlationId(),
                            adminChange(event, userEvent),
                            config);
                }));
    }

    /**
     * The user an organization-membership addition is about: Keycloak's path of an addition does not name the user,
     * its {@code username} detail does (read only to find the user, never written).
     */
    private String memberOf(AdminEvent event) {
        String username = event.getDetails() == null ? null : event.getDetails().get(UserModel.USERNAME);
        return username == null
                ? null
                : realm(event.getRealmId())
                        .map(r -> session.users().getUserByUsername(r, username))
                        .map(UserModel::getId)
                        .orElse(null);
    }

    /** The group or roles of a membership or role-mapping event, named as the realm knows them. */
    private PayloadValues.Change adminChange(AdminEvent event, OutboxType.AdminUserEvent userEvent) {
        Optional<RealmModel> realm = realm(event.getRealmId());
        return AdminChanges.of(
                userEvent,
                event.getRepresentation(),
                groupId -> realm.map(r -> r.getGroupById(groupId))
                        .map(KeycloakModelUtils::buildGroupPath)
                        .orElse(null),
                clientUuid -> realm.map(r -> r.getClientById(clientUuid))
                        .map(ClientModel::getClientId)
                        .orElse(null));
    }

    /** See {@link IdentityOutbox#recordUserProvisioned} and {@link IdentityOutbox#recordUserLinked}. */
    boolean recordIdentityEvent(
            OutboxType type,
            RealmModel realm,
            String authId,
            String appUserId,
            String clientId,
            Map<String, String> details) {
        if (!config.writes(type) || config.excludes(realm.getName(), clientId)) {
            return false;
        }
        return write(
                type,
                () -> new PayloadValues(
                        UUID.randomUUID().toString(),
                        type,
                        System.currentTimeMillis(),
                        realm.getId(),
                        realm.getName(),
                        clientId,
                        authId,
                        appUserId != null ? appUserId : appUserId(realm.getId(), authId),
                        null,
                        correlationId(),
                        null,
                        details,
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    private interface PayloadSource {
        PayloadValues get();
    }

    private boolean write(OutboxType type, PayloadSource source) {
        try {
            PayloadValues values = source.get();
            if (values.eventId() == null || values.realmId() == null) {
                LOG.warnf("Not writing an outbox row of type %s without an event id or realm id", type.typeName());
                metrics.failed(type);
                return false;
            }
            if (written == null) {
                written = new HashSet<>();
            }
            if (!written.add(values.eventId())) {
                LOG.debugf("Outbox row %s was already written in this session", values.eventId());
                return false;
            }
            KeycloakTransactionManager transaction = session.getTransactionManager();
            if (!transaction.isActive()) {
                LOG.warnf("Not writing outbox row %s (%s): no active transaction", values.eventId(), type.typeName());
                metrics.failed(type);
                return false;
            }
            OutboxRow row = OutboxRow.of(values);
            if (isPasswordCredentialUpdate(values)) {
                passwordCredentialUpdates.add(values.authId());
            }
            BooleanSupplier superseded = () -> type == OutboxType.PASSWORD_UPDATED
                    && values.authId() != null
                    && passwordCredentialUpdates.contains(values.authId());
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            // written in the prepare phase of this same transaction: a failure there fails the commit (see
            // OutboxWriteFailure)
            transaction.enlistPrepare(new OutboxWriteFailure.PreparedRow(
                    em, row, config.retention() == Retention.DELETE_AFTER_INSERT, type, metrics, superseded, table));
            transaction.enlistAfterCompletion(new CountOnCommit(metrics, type, superseded));
            LOG.debugf("Outbox row %s (%s) added to the transaction", values.eventId(), type.typeName());
            return true;
        } catch (RuntimeException e) {
            metrics.failed(type);
            LOG.warnf(
                    "Could not write an outbox row of type %s: %s",
                    type.typeName(), e.getClass().getName());
            LOG.debug("Outbox write failure", e);
            return false;
        }
    }

    private static boolean isPasswordCredentialUpdate(PayloadValues values) {
        return values.type() == OutboxType.CREDENTIAL_UPDATED
                && values.change() != null
                && PASSWORD_CREDENTIAL.equals(values.change().credentialType());
    }

    private Optional<RealmModel> realm(String realmId) {
        RealmModel current = session.getContext().getRealm();
        if (current != null && current.getId().equals(realmId)) {
            return Optional.of(current);
        }
        return Optional.ofNullable(realmId == null ? null : session.realms().getRealm(realmId));
    }

    /** The app user id of a federated {@code external-users} user; components come from the cached realm. */
    private String appUserId(String realmId, String authId) {
        if (!RequestFacts.isFederated(authId)) {
            return null;
        }
        return realm(realmId)
                .flatMap(realm -> RequestFacts.appUserId(authId, componentId -> {
                    ComponentModel component = realm.getComponent(componentId);
                    return component == null ? null : component.getProviderId();
                }))
                .orElse(null);
    }

    private String correlationId() {
        try {
            var headers = session.getContext().getRequestHeaders();
            return headers == null
                    ? null
                    : RequestFacts.correlationId(headers::getHeaderString).orElse(null);
        } catch (RuntimeException noRequest) {
            return null; // background task: no HTTP request
        }
    }

    @Override
    public void close() {}

    /** Counts a row as written once its transaction committed. */
    private static final class CountOnCommit extends AbstractKeycloakTransaction {
        private final OutboxMetrics metrics;
        private final OutboxType type;
        private final BooleanSupplier superseded;

        CountOnCommit(OutboxMetrics metrics, OutboxType type, BooleanSupplier superseded) {
            this.metrics = metrics;
            this.type = type;
            this.superseded = superseded;
        }

        @Override
        protected void commitImpl() {
            if (!superseded.getAsBoolean()) {
                metrics.written(type);
            }
        }

        @Override
        protected void rollbackImpl() {}
    }
}
