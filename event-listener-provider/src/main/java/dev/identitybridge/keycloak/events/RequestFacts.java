package dev.identitybridge.keycloak.events;

import dev.identitybridge.keycloak.users.api.AppUserStores;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.keycloak.storage.StorageId;

/** Values taken from the request or from ids, without any query. Pure functions. */
public final class RequestFacts {

    public static final String CORRELATION_HEADER = "X-Correlation-ID";
    public static final String TRACEPARENT_HEADER = "traceparent";
    public static final int CORRELATION_ID_LENGTH = 128;

    /** W3C Trace Context: version-traceid-parentid-flags; the trace id is what correlates. */
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}.*");

    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");

    private RequestFacts() {}

    /**
     * The request's {@code X-Correlation-ID} (printable ASCII, at most 128 characters), else the trace id of its
     * {@code traceparent}, else empty. {@code header} returns a header's value or null.
     */
    public static Optional<String> correlationId(Function<String, String> header) {
        String correlation = header.apply(CORRELATION_HEADER);
        if (correlation != null) {
            String trimmed = correlation.trim();
            if (!trimmed.isEmpty()
                    && trimmed.length() <= CORRELATION_ID_LENGTH
                    && PRINTABLE.matcher(trimmed).matches()) {
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

    /**
     * The app user id of a Keycloak user id: the external id of a federated id whose component is an
     * {@value AppUserStores#PROVIDER_ID} provider. {@code providerOfComponent} answers a component's provider id (or null).
     */
    public static Optional<String> appUserId(String keycloakUserId, Function<String, String> providerOfComponent) {
        if (!isFederated(keycloakUserId)) {
            return Optional.empty();
        }
        StorageId id = new StorageId(keycloakUserId);
        return Optional.of(id.getExternalId())
                .filter(externalId -> !externalId.isEmpty())
                .filter(externalId -> AppUserStores.PROVIDER_ID.equals(providerOfComponent.apply(id.getProviderId())));
    }

    /** Whether a Keycloak user id is a federated one ({@code f:<componentId>:<externalId>}). */
    public static boolean isFederated(String keycloakUserId) {
        try {
            return keycloakUserId != null && !StorageId.isLocalStorage(keycloakUserId);
        } catch (IndexOutOfBoundsException malformed) { // "f:" without the component's end: no id Keycloak makes
            return false;
        }
    }
}
