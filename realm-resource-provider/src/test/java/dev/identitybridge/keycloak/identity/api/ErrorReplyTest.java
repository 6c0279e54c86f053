package dev.identitybridge.keycloak.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorReplyTest {

    @Test
    void missingTokenChallengesWithoutAnErrorAttribute() {
        ErrorReply reply =
                ErrorReply.of(new IdentityError(ErrorCode.MISSING_TOKEN, "A bearer token is required."), "demo", 5);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.headers()).isEqualTo(Map.of("WWW-Authenticate", "Bearer realm=\"demo\""));
    }

    @Test
    void invalidTokenNamesTheError() {
        ErrorReply reply = ErrorReply.of(new IdentityError(ErrorCode.INVALID_TOKEN, "expired"), "demo", 5);
        assertThat(reply.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"demo\", error=\"invalid_token\"");
    }

    @Test
    void unavailableTellsWhenToRetry() {
        ErrorReply reply = ErrorReply.of(new IdentityError(ErrorCode.APP_DATABASE_UNAVAILABLE, "down"), "demo", 7);
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.headers()).isEqualTo(Map.of("Retry-After", "7"));
    }

    @Test
    void otherErrorsHaveNoHeadersAndTheOAuthStyleBody() {
        ErrorReply reply = ErrorReply.of(new IdentityError(ErrorCode.EMAIL_CONFLICT, "linked elsewhere"), "demo", 5);
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.headers()).isEmpty();
        assertThat(Json.write(reply.body()))
                .isEqualTo("{\"error\":\"email_conflict\",\"error_description\":\"linked elsewhere\"}");
    }

    @Test
    void everyCodeIsUniqueSnakeCaseWithAnErrorStatus() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code))
                .doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z_]+"));
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::status)).allMatch(s -> s >= 400 && s < 600);
    }
}
