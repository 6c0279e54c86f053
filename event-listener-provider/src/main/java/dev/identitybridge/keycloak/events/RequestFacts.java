package dev.identitybridge.keycloak.events;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Values taken from the request or from ids, without any query. Pure functions. */
public final class RequestFacts {

    public static final String CORRELATION_HEADER = "X-Correlation-ID";
    public static final String TRACEPARENT_HEADER = "traceparent";
    /** The user-storage provider whose federated ids carry the app user id ({@code f:<componentId>:<appId>}). */
    public static final String EXTERNAL_USERS_PROVIDER = "external-users";
    public static final int CORRELATION_ID_LENGTH = 128;

    /** W3C Trace Context: version-traceid-parentid-flags; the trace id is what correlates. */
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}.*");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");

    private RequestFacts() {
    }

    /**
     * The request's {@code X-Correlation-ID} (printable ASCII, at most 128 characters), else the trace id of its
     * {@code traceparent}, else empty. {@code header} returns a header's value or null.
     */
    public static Optional<String> correlationId(Function<String, String> header) {
        String correlation = header.apply(CORRELATION_HEADER);
        if (correlation != null) {
            String trimmed = correlation.trim();
            if (!trimmed.isEmpty() && trimmed.length() <= CORRELATION_ID_LENGTH && PRINTABLE.matcher(trimmed).matches()) {
                return Optional.of(trimmed);
            }
        }
        String traceparent = header.apply(TRACEPARENT_HEADER);
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).chars().allMatch(c -> c == '0')) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** A federated user id {@code f:<componentId>:<externalId>} split in its parts. */
    public record FederatedId(String componentId, String externalId) {
    }

    public static Optional<FederatedId> federatedId(String keycloakUserId) {
        if (keycloakUserId == null || !keycloakUserId.startsWith("f:")) {
            return Optional.empty();
        }
        int second = keycloakUserId.indexOf(':', 2);
        if (second <= 2 || second == keycloakUserId.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new FederatedId(keycloakUserId.substring(2, second), keycloakUserId.substring(second + 1)));
    }

    /**
     * The app user id of a Keycloak user id: the external id of a federated id whose component is an
     * {@code external-users} provider. {@code providerOfComponent} answers a component's provider id (or null).
     */
    public static Optional<String> appUserId(String keycloakUserId, Function<String, String> providerOfComponent) {
        return federatedId(keycloakUserId)
                .filter(id -> EXTERNAL_USERS_PROVIDER.equals(providerOfComponent.apply(id.componentId())))
                .map(FederatedId::externalId);
    }
}
