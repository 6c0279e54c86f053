package dev.identitybridge.keycloak.identity.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an error response is made of: status, headers and the body {@code {"error", "error_description"}}
 * (independent of JAX-RS, so that it can be tested on its own).
 */
public record ErrorReply(int status, Map<String, String> headers, Body body) {

    public record Body(
            String error, @JsonProperty("error_description") String errorDescription) {}

    /**
     * @param realm             the realm of the URL, named in {@code WWW-Authenticate}
     * @param retryAfterSeconds the {@code Retry-After} of a 503
     */
    public static ErrorReply of(IdentityError error, String realm, int retryAfterSeconds) {
        ErrorCode code = error.code();
        Map<String, String> headers = new LinkedHashMap<>();
        if (code.status() == 401) {
            String challenge = "Bearer realm=\"" + realm + "\"";
            // RFC 6750 3.1: no error attribute when the request carried no token
            headers.put(
                    "WWW-Authenticate",
                    code == ErrorCode.MISSING_TOKEN ? challenge : challenge + ", error=\"invalid_token\"");
        }
        if (code.status() == 503) {
            headers.put("Retry-After", String.valueOf(retryAfterSeconds));
        }
        return new ErrorReply(code.status(), Map.copyOf(headers), new Body(code.code(), error.description()));
    }
}
