package dev.identitybridge.keycloak.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFactsTest {

    private static java.util.Optional<String> correlation(String... headers) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return RequestFacts.correlationId(map::get);
    }

    /** Examples from the W3C Trace Context recommendation, section 3.2. */
    @Test
    void traceparentGivesTheTraceId() {
        assertThat(correlation("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .contains("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(correlation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"))
                .contains("0af7651916cd43dd8448eb211c80319c");
        // all-zero trace id and upper-case hex are invalid per the recommendation
        assertThat(correlation("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(correlation("traceparent", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01"))
                .isEmpty();
        assertThat(correlation("traceparent", "garbage")).isEmpty();
    }

    @Test
    void correlationHeaderWinsWhenUsable() {
        assertThat(correlation(
                        "X-Correlation-ID",
                        " req-42 ",
                        "traceparent",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .contains("req-42");
        assertThat(correlation(
                        "X-Correlation-ID",
                        "x".repeat(129),
                        "traceparent",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .contains("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(correlation("X-Correlation-ID", "line\nbreak")).isEmpty();
        assertThat(correlation("X-Correlation-ID", "")).isEmpty();
        assertThat(correlation()).isEmpty();
    }

    @Test
    void appUserIdOnlyFromExternalUsersComponents() {
        Map<String, String> providers = Map.of("c0ffee", "external-users", "1dap", "ldap");
        assertThat(RequestFacts.appUserId("f:c0ffee:42", providers::get)).contains("42");
        assertThat(RequestFacts.appUserId("f:c0ffee:urn:app:7", providers::get)).contains("urn:app:7");
        assertThat(RequestFacts.appUserId("f:1dap:5b3e", providers::get)).isEmpty();
        assertThat(RequestFacts.appUserId("f:gone:42", providers::get)).isEmpty();
        assertThat(RequestFacts.appUserId("6f1c2a4e-0000-4000-8000-000000000000", providers::get))
                .isEmpty();
        assertThat(RequestFacts.appUserId("f:c0ffee:", providers::get)).isEmpty();
        assertThat(RequestFacts.appUserId(null, providers::get)).isEmpty();
        assertThat(RequestFacts.appUserId("f:c0ffee", providers::get)).isEmpty();
    }
}
