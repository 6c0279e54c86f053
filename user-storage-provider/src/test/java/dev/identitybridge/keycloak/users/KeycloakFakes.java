package dev.identitybridge.keycloak.users;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.storage.federated.UserFederatedStorageProvider;

/**
 * Hand-written fakes of the Keycloak interfaces the provider and its adapters use, built with {@link Proxy}: a
 * session whose transaction manager collects what is enlisted (committed by {@link Session#commit()}), a realm, an
 * in-memory federated storage (attributes and required actions per user) and a password policy. A call the fakes do
 * not answer fails the test, so that nothing passes by accident.
 */
final class KeycloakFakes {

    private KeycloakFakes() {}

    /** A proxy of {@code type} answering the named methods; any other call throws. */
    @SuppressWarnings("unchecked")
    static <T> T fake(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object[] arguments = args == null ? new Object[0] : args;
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == arguments[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "fake " + type.getSimpleName();
                }
                default -> {
                    Function<Object[], Object> answer = answers.get(method.getName());
                    if (answer == null) {
                        throw new UnsupportedOperationException(
                                "fake " + type.getSimpleName() + " does not answer " + method);
                    }
                    return answer.apply(arguments);
                }
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** A proxy that forwards every call to {@code target} except the overridden ones. */
    @SuppressWarnings("unchecked")
    static <T> T overriding(Class<T> type, T target, Map<String, Function<Object[], Object>> overrides) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Function<Object[], Object> override = overrides.get(method.getName());
            if (override != null) {
                return override.apply(args == null ? new Object[0] : args);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    static RealmModel realm() {
        return fake(RealmModel.class, Map.of("getId", a -> "realm-1", "getName", a -> "test"));
    }

    /** Keycloak's federated storage of one realm: what the adapters keep outside the app table. */
    static final class FederatedStorage {
        private final Map<String, MultivaluedHashMap<String, String>> attributes = new HashMap<>();
        private final Map<String, Set<String>> requiredActions = new HashMap<>();
        int attributeReads;

        UserFederatedStorageProvider provider() {
            Map<String, Function<Object[], Object>> answers = new HashMap<>();
            answers.put("getAttributes", a -> {
                attributeReads++;
                // a fresh copy per call, as Keycloak's JPA store reads the database each time
                MultivaluedHashMap<String, String> copy = new MultivaluedHashMap<>();
                attributes
                        .getOrDefault((String) a[1], new MultivaluedHashMap<>())
                        .forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
                return copy;
            });
            answers.put("setSingleAttribute", a -> {
                List<String> values = new ArrayList<>();
                values.add((String) a[3]);
                of((String) a[1]).put((String) a[2], values);
                return null;
            });
            answers.put("setAttribute", a -> {
                @SuppressWarnings("unchecked")
                List<String> values = (List<String>) a[3];
                of((String) a[1]).put((String) a[2], new ArrayList<>(values));
                return null;
            });
            answers.put("removeAttribute", a -> {
                of((String) a[1]).remove((String) a[2]);
                return null;
            });
            answers.put(
                    "getUsersByUserAttributeStream",
                    a -> attributes.entrySet().stream()
                            .filter(e -> a[2].equals(e.getValue().getFirst((String) a[1])))
                            .map(Map.Entry::getKey)
                            .toList()
                            .stream());
            answers.put(
                    "getRequiredActionsStream",
                    a -> List.copyOf(requiredActions.getOrDefault((String) a[1], Set.of())).stream());
            answers.put(
                    "addRequiredAction",
                    a -> requiredActions
                            .computeIfAbsent((String) a[1], k -> new LinkedHashSet<>())
                            .add((String) a[2]));
            answers.put(
                    "removeRequiredAction",
                    a -> requiredActions
                            .getOrDefault((String) a[1], new LinkedHashSet<>())
                            .remove((String) a[2]));
            return fake(UserFederatedStorageProvider.class, answers);
        }

        private MultivaluedHashMap<String, String> of(String userId) {
            return attributes.computeIfAbsent(userId, id -> new MultivaluedHashMap<>());
        }

        /** What federated storage holds for a user (copies). */
        Map<String, List<String>> attributes(String userId) {
            return Map.copyOf(attributes.getOrDefault(userId, new MultivaluedHashMap<>()));
        }

        Set<String> requiredActions(String userId) {
            return Set.copyOf(requiredActions.getOrDefault(userId, Set.of()));
        }
    }

    /** A Keycloak session of one request: providers by type, and the transactions the provider enlists. */
    static final class Session {
        final FederatedStorage federated = new FederatedStorage();
        final List<KeycloakTransaction> prepared = new ArrayList<>();
        /** What the realm's password policy answers (null: the password is fine). */
        PolicyError policyError;

        private final KeycloakSession session;

        Session() {
            UserFederatedStorageProvider storage = federated.provider();
            PasswordPolicyManagerProvider policy =
                    fake(PasswordPolicyManagerProvider.class, Map.of("validate", a -> policyError));
            KeycloakTransactionManager transactions =
                    fake(KeycloakTransactionManager.class, Map.of("enlistPrepare", a -> {
                        prepared.add((KeycloakTransaction) a[0]);
                        return null;
                    }));
            session = fake(
                    KeycloakSession.class,
                    Map.of(
                            "getProvider",
                                    a -> a[0] == UserFederatedStorageProvider.class
                                            ? storage
                                            : a[0] == PasswordPolicyManagerProvider.class ? policy : unexpected(a[0]),
                            "getTransactionManager", a -> transactions));
        }

        KeycloakSession session() {
            return session;
        }

        /** Keycloak commits the request: the enlisted prepare-phase transactions commit. */
        void commit() {
            for (KeycloakTransaction transaction : prepared) {
                transaction.begin();
                transaction.commit();
            }
            prepared.clear();
        }

        private static Object unexpected(Object type) {
            throw new UnsupportedOperationException("fake session has no provider " + type);
        }
    }
}
