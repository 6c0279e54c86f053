package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hibernate.Session;
import org.hibernate.jdbc.Work;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;

/**
 * The provider against a stand-in session: what reaches the EntityManager, and that nothing escapes to Keycloak.
 * (The real transaction behaviour is proven by the integration tests against Keycloak.)
 */
class OutboxEventListenerProviderTest {

    private static final String COMPONENT = "c0ffee00-0000-4000-8000-000000000001";

    private final List<String> calls = new ArrayList<>();
    /** Every statement executed, in order; {@link #persisted} the rows of the inserts. */
    private final List<Statement> statements = new ArrayList<>();

    private final List<OutboxRow> persisted = new ArrayList<>();
    private final List<KeycloakTransaction> afterCompletion = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private boolean active = true;
    /** When set, prepare participants wait for {@link #prepare()} as at a real commit; else they run at once. */
    private boolean deferPrepare;

    private final List<KeycloakTransaction> prepared = new ArrayList<>();
    private RuntimeException persistFailure;
    private List<String> realmListeners = List.of("outbox");

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + " stub";
            }
            return answer.apply(method.getName(), args);
        });
    }

    private OutboxEventListenerProvider provider(OutboxConfig config) {
        OutboxMetrics metrics = new OutboxMetrics(registry, config.types());
        // the row's statements reach JDBC through Hibernate's Session.doWork on the EntityManager's connection
        Connection connection = stub(
                Connection.class, (name, args) -> name.equals("prepareStatement") ? statement((String) args[0]) : null);
        Session hibernate = stub(Session.class, (name, args) -> {
            if (name.equals("doWork")) {
                try {
                    ((Work) args[0]).execute(connection);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });
        EntityManager em = stub(EntityManager.class, (name, args) -> {
            calls.add(name);
            return name.equals("unwrap") && args[0] == Session.class ? hibernate : null;
        });
        JpaConnectionProvider jpa =
                stub(JpaConnectionProvider.class, (name, args) -> name.equals("getEntityManager") ? em : null);
        KeycloakTransactionManager tm = stub(KeycloakTransactionManager.class, (name, args) -> switch (name) {
            case "isActive" -> active;
            case "enlistAfterCompletion" -> afterCompletion.add((KeycloakTransaction) args[0]);
            case "enlistPrepare" -> { // the prepare phase, run at once unless deferred: the row's statements execute
                // here
                prepared.add((KeycloakTransaction) args[0]);
                if (!deferPrepare) {
                    prepare();
                }
                yield null;
            }
            default -> null;
        });
        ComponentModel component = new ComponentModel();
        component.setProviderId("external-users");
        RealmModel realm = stub(RealmModel.class, (name, args) -> switch (name) {
            case "getId" -> "realm-1";
            case "getName" -> "shop";
            case "getComponent" -> COMPONENT.equals(args[0]) ? component : null;
            case "getEventsListenersStream" -> realmListeners.stream();
            default -> null;
        });
        HttpHeaders headers = stub(
                HttpHeaders.class,
                (name, args) -> name.equals("getHeaderString") && "X-Correlation-ID".equals(args[0]) ? "corr-7" : null);
        KeycloakContext context = stub(KeycloakContext.class, (name, args) -> switch (name) {
            case "getRealm" -> realm;
            case "getRequestHeaders" -> headers;
            default -> null;
        });
        OutboxEventListenerProvider[] self = new OutboxEventListenerProvider[1];
        KeycloakSession session = stub(KeycloakSession.class, (name, args) -> switch (name) {
            case "getTransactionManager" -> tm;
            case "getContext" -> context;
            case "getProvider" ->
                args[0] == JpaConnectionProvider.class ? jpa : args[0] == EventListenerProvider.class ? self[0] : null;
            default -> null;
        });
        self[0] = new OutboxEventListenerProvider(
                session,
                config,
                metrics,
                new OutboxTable(e -> OutboxEntity.TABLE, new AsyncCommit(config.synchronousCommit())));
        sessionForApi = session;
        realmForApi = realm;
        return self[0];
    }

    private record Statement(String sql, Map<Integer, Object> parameters) {}

    private PreparedStatement statement(String sql) {
        Statement statement = new Statement(sql, new HashMap<>());
        return stub(PreparedStatement.class, (name, args) -> switch (name) {
            case "setString", "setInt" -> statement.parameters().put((Integer) args[0], args[1]);
            case "setTimestamp" -> statement.parameters().put((Integer) args[0], ((Timestamp) args[1]).toInstant());
            case "executeUpdate" -> {
                if (persistFailure != null) {
                    throw persistFailure;
                }
                statements.add(statement);
                if (sql.startsWith("insert ")) {
                    Map<Integer, Object> p = statement.parameters();
                    persisted.add(new OutboxRow(
                            (String) p.get(1),
                            (String) p.get(2),
                            (String) p.get(3),
                            (String) p.get(4),
                            (String) p.get(5),
                            (Instant) p.get(6),
                            (String) p.get(7),
                            (Integer) p.get(8)));
                }
                yield 1;
            }
            default -> null;
        });
    }

    /** Runs the prepare participants enlisted so far, as Keycloak's commit does. */
    private void prepare() {
        prepared.forEach(participant -> {
            participant.begin();
            participant.commit();
        });
        prepared.clear();
    }

    private KeycloakSession sessionForApi;
    private RealmModel realmForApi;

    private static Event login(String id) {
        Event event = new Event();
        event.setId(id);
        event.setTime(1772368496789L);
        event.setType(EventType.LOGIN);
        event.setRealmId("realm-1");
        event.setRealmName("shop");
        event.setUserId("f:" + COMPONENT + ":app-42");
        event.setDetails(Map.of("username", "alice"));
        return event;
    }

    private double counter(String name) {
        return registry.find(name)
                .tag("type", "identity.login.succeeded.v1")
                .counter()
                .count();
    }

    @Test
    void writesOneRowWithTheAppUserIdAndCorrelationId() {
        provider(OutboxConfig.defaults()).onEvent(login("e-1"));
        // the statement on the session's connection, then the look for Keycloak's asynchronous commits (none here:
        // no Hibernate behind the stub)
        assertThat(calls).containsExactly("unwrap", "getEntityManagerFactory");
        // one INSERT into this table only, all values bound
        assertThat(statements).singleElement().satisfies(statement -> {
            assertThat(statement.sql()).isEqualTo("insert into identity_outbox" + OutboxTable.COLUMNS);
            assertThat(statement.parameters()).hasSize(8).doesNotContainValue(null);
        });
        OutboxRow row = persisted.get(0);
        assertThat(row.id()).isEqualTo("e-1");
        assertThat(row.type()).isEqualTo("identity.login.succeeded.v1");
        assertThat(row.aggregateId()).isEqualTo("f:" + COMPONENT + ":app-42");
        assertThat(row.timestamp()).isEqualTo(Instant.ofEpochMilli(1772368496789L));
        assertThat(row.schemaVersion()).isEqualTo(OutboxType.SCHEMA_VERSION);
        assertThat(row.payload())
                .contains("\"userId\":\"app-42\"", "\"correlationId\":\"corr-7\"")
                .doesNotContain("alice");
        // counted as written only once the transaction committed
        assertThat(counter(OutboxMetrics.WRITTEN)).isZero();
        afterCompletion.get(0).begin();
        afterCompletion.get(0).commit();
        assertThat(counter(OutboxMetrics.WRITTEN)).isEqualTo(1);
    }

    private static Event event(String id, EventType type, String clientId, Map<String, String> details) {
        Event event = login(id);
        event.setType(type);
        event.setClientId(clientId);
        event.setDetails(details);
        return event;
    }

    /** Keycloak 26's update-password action sends UPDATE_PASSWORD and UPDATE_CREDENTIAL: one change, one row. */
    @Test
    void aPasswordChangeSentTwiceIsOneCredentialUpdatedRow() {
        deferPrepare = true;
        OutboxEventListenerProvider provider = provider(OutboxConfig.defaults());
        provider.onEvent(event("e-1", EventType.UPDATE_PASSWORD, "account-console", Map.of()));
        provider.onEvent(
                event("e-2", EventType.UPDATE_CREDENTIAL, "account-console", Map.of("credential_type", "password")));
        prepare();
        assertThat(persisted).extracting(OutboxRow::type).containsExactly("identity.user.credential-updated.v1");
        assertThat(persisted.get(0).payload()).contains("\"credentialType\":\"password\"");
        afterCompletion.forEach(t -> {
            t.begin();
            t.commit();
        });
        assertThat(registry.find(OutboxMetrics.WRITTEN)
                        .tag("type", "identity.user.password-updated.v1")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.find(OutboxMetrics.WRITTEN)
                        .tag("type", "identity.user.credential-updated.v1")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void updatePasswordAloneAndOtherCredentialsStayTheirOwnRows() {
        deferPrepare = true;
        OutboxEventListenerProvider provider = provider(OutboxConfig.defaults());
        provider.onEvent(event("e-1", EventType.UPDATE_PASSWORD, "account-console", Map.of()));
        provider.onEvent(
                event("e-2", EventType.UPDATE_CREDENTIAL, "account-console", Map.of("credential_type", "otp")));
        prepare();
        assertThat(persisted)
                .extracting(OutboxRow::type)
                .containsExactly("identity.user.password-updated.v1", "identity.user.credential-updated.v1");
    }

    @Test
    void eventsOfExcludedClientsAreNotWritten() {
        OutboxEventListenerProvider provider =
                provider(OutboxConfig.parse(Map.of("exclude-clients", "gateway,other-realm/web")::get));
        provider.onEvent(event("e-1", EventType.LOGIN, "gateway", Map.of()));
        provider.onEvent(event("e-2", EventType.LOGIN, "web", Map.of()));
        provider.onEvent(event("e-3", EventType.LOGIN, null, Map.of()));
        assertThat(provider.recordIdentityEvent(
                        OutboxType.USER_PROVISIONED, realmForApi, "kc-1", "app-1", "gateway", Map.of()))
                .as("the gateway's own bootstrap")
                .isFalse();
        assertThat(persisted).extracting(OutboxRow::id).containsExactly("e-2", "e-3");
    }

    @Test
    void rolledBackRowsAreNotCounted() {
        provider(OutboxConfig.defaults()).onEvent(login("e-1"));
        afterCompletion.get(0).begin();
        afterCompletion.get(0).rollback();
        assertThat(counter(OutboxMetrics.WRITTEN)).isZero();
    }

    @Test
    void theSameEventIsPersistedOnce() {
        OutboxEventListenerProvider provider = provider(OutboxConfig.defaults());
        provider.onEvent(login("e-1"));
        provider.onEvent(login("e-1"));
        provider.onEvent(login("e-2"));
        assertThat(persisted).extracting(OutboxRow::id).containsExactly("e-1", "e-2");
    }

    @Test
    void deleteAfterInsertDeletesTheSameRowInTheSameTransaction() {
        provider(OutboxConfig.parse(Map.of("retention", "delete-after-insert")::get))
                .onEvent(login("e-1"));
        OutboxTable.Statements sql = OutboxTable.Statements.of(OutboxEntity.TABLE);
        assertThat(statements).extracting(Statement::sql).containsExactly(sql.insert(), sql.delete());
        assertThat(statements.get(1).parameters()).isEqualTo(Map.of(1, "e-1"));
    }

    @Test
    void excludedAndUnmappedTypesWriteNothing() {
        OutboxEventListenerProvider provider = provider(OutboxConfig.parse(Map.of("exclude-types", "LOGIN")::get));
        provider.onEvent(login("e-1"));
        Event codeToToken = login("e-2");
        codeToToken.setType(EventType.CODE_TO_TOKEN);
        provider.onEvent(codeToToken);
        assertThat(calls).isEmpty();
    }

    @Test
    void failuresAreCountedAndNeverReachKeycloak() {
        OutboxEventListenerProvider provider = provider(OutboxConfig.defaults());
        persistFailure = new PersistenceException("boom");
        provider.onEvent(login("e-1"));
        assertThat(counter(OutboxMetrics.FAILED)).isEqualTo(1);
        assertThat(afterCompletion).isEmpty();

        persistFailure = null;
        active = false;
        provider.onEvent(login("e-2"));
        assertThat(persisted).isEmpty();
        assertThat(counter(OutboxMetrics.FAILED)).isEqualTo(2);
    }

    @Test
    void provisioningIsRecordedForRealmsUsingTheListener() {
        provider(OutboxConfig.defaults());
        assertThat(IdentityOutbox.recordUserProvisioned(
                        sessionForApi, realmForApi, "f:" + COMPONENT + ":app-9", null, "gateway"))
                .isTrue();
        OutboxRow row = persisted.get(0);
        assertThat(row.type()).isEqualTo("identity.user.provisioned.v1");
        assertThat(row.payload())
                .contains("\"userId\":\"app-9\"", "\"clientId\":\"gateway\"", "\"realmName\":\"shop\"");

        realmListeners = List.of("jboss-logging");
        assertThat(IdentityOutbox.recordUserProvisioned(sessionForApi, realmForApi, "kc-1", "app-1", null))
                .isFalse();
        assertThat(persisted).hasSize(1);
    }

    @Test
    void linksAreRecordedWithTheOperationThatWroteThem() {
        provider(OutboxConfig.defaults());
        assertThat(IdentityOutbox.recordUserLinked(
                        sessionForApi, realmForApi, "kc-7", "app-7", "svc-backfill", "backfill"))
                .isTrue();
        OutboxRow row = persisted.get(0);
        assertThat(row.type()).isEqualTo("identity.user.linked.v1");
        assertThat(row.aggregateId()).isEqualTo("kc-7");
        assertThat(row.payload())
                .contains(
                        "\"userId\":\"app-7\"",
                        "\"clientId\":\"svc-backfill\"",
                        "\"details\":{\"linkedBy\":\"backfill\"}");

        provider(OutboxConfig.parse(Map.of("exclude-types", "identity.user.linked.v1")::get));
        assertThat(IdentityOutbox.recordUserLinked(sessionForApi, realmForApi, "kc-8", "app-8", null, "bootstrap"))
                .isFalse();
        assertThat(persisted).hasSize(1);
    }

    @Test
    void provisioningCanBeExcluded() {
        provider(OutboxConfig.parse(Map.of("exclude-types", "identity.user.provisioned.v1")::get));
        assertThat(IdentityOutbox.recordUserProvisioned(sessionForApi, realmForApi, "kc-1", "app-1", null))
                .isFalse();
        assertThat(Stream.of(calls)).allMatch(List::isEmpty);
    }
}
