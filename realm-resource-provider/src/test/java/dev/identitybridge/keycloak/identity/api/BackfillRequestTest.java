package dev.identitybridge.keycloak.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackfillRequestTest {

    @Test
    void cursorsRoundTripAndResumeFromTheStartOfAComponent() {
        BackfillCursor cursor = new BackfillCursor("component-1", "user:42");
        assertThat(BackfillCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(BackfillCursor.decode(BackfillCursor.start("c2").encode()))
                .isEqualTo(new BackfillCursor("c2", null));
        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void refusesCursorsItDidNotMake() {
        for (String bad : new String[] {"!!", "bm8tc2VwYXJhdG9y", "CmFmdGVy"}) {
            assertThatThrownBy(() -> BackfillCursor.decode(bad))
                    .isInstanceOfSatisfying(
                            IdentityError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
        }
    }

    @Test
    void limitDefaultsToTheBatchSizeAndMayNotExceedIt() {
        assertThat(BackfillRequest.empty().effectiveLimit(500)).isEqualTo(500);
        assertThat(BackfillRequest.empty().isDryRun()).isFalse();
        assertThat(new BackfillRequest(true, null, 10).effectiveLimit(500)).isEqualTo(10);
        assertThatThrownBy(() -> new BackfillRequest(null, null, 0).effectiveLimit(500))
                .isInstanceOf(IdentityError.class);
        assertThatThrownBy(() -> new BackfillRequest(null, null, 501).effectiveLimit(500))
                .isInstanceOf(IdentityError.class);
    }

    @Test
    void parsesStrictly() {
        BackfillRequest request =
                Json.read("application/json", "{\"dryRun\": true, \"limit\": 3}", BackfillRequest.class);
        assertThat(request).isEqualTo(new BackfillRequest(true, null, 3));
        assertThatThrownBy(() -> Json.read("application/json", "{\"limit\": \"3\"}", BackfillRequest.class))
                .isInstanceOfSatisfying(
                        IdentityError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
        assertThatThrownBy(() -> Json.read("application/json", "{\"limit\": 2.5}", BackfillRequest.class))
                .isInstanceOfSatisfying(
                        IdentityError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_JSON));
    }
}
