package dev.identitybridge.keycloak.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResolveRequestTest {

    private static ResolveRequest.Lookup parse(String json) {
        return Json.read("application/json", json, ResolveRequest.class).validate();
    }

    private static void refused(String contentType, String json, ErrorCode code) {
        assertThatThrownBy(
                        () -> Json.read(contentType, json, ResolveRequest.class).validate())
                .isInstanceOfSatisfying(
                        IdentityError.class, e -> assertThat(e.code()).as(json).isEqualTo(code));
    }

    @Test
    void acceptsAnEmailNormalisedOrAnAuthIdWithOrWithoutProvision() {
        assertThat(parse("{\"email\": \" Alice@Example.COM \"}"))
                .isEqualTo(new ResolveRequest.ByEmail("alice@example.com"));
        assertThat(parse("{\"authId\": \"f:c1:42\"}")).isEqualTo(new ResolveRequest.ByAuthId("f:c1:42", false));
        assertThat(parse("{\"authId\": \"abc\", \"provision\": true}"))
                .isEqualTo(new ResolveRequest.ByAuthId("abc", true));
        assertThat(parse("{\"authId\": \"abc\", \"provision\": false}"))
                .isEqualTo(new ResolveRequest.ByAuthId("abc", false));
        assertThat(Json.read("Application/JSON; charset=utf-8", "{\"authId\": \"x\"}", ResolveRequest.class)
                        .authId())
                .isEqualTo("x");
    }

    @Test
    void refusesMalformedJsonAndTypeCoercion() {
        refused("application/json", "{\"email\": ", ErrorCode.INVALID_JSON);
        refused("application/json", "[]", ErrorCode.INVALID_JSON);
        refused("application/json", "\"text\"", ErrorCode.INVALID_JSON);
        refused("application/json", "{\"email\": \"a@b.org\"} {}", ErrorCode.INVALID_JSON);
        refused("application/json", "{\"email\": \"a@b.org\", \"email\": \"c@d.org\"}", ErrorCode.INVALID_JSON);
        refused("application/json", "{\"email\": 42}", ErrorCode.INVALID_JSON);
        refused("application/json", "{\"email\": true}", ErrorCode.INVALID_JSON);
        refused("application/json", "{\"authId\": \"x\", \"provision\": \"true\"}", ErrorCode.INVALID_JSON);
        refused("application/json", "{\"authId\": \"x\", \"provision\": 1}", ErrorCode.INVALID_JSON);
    }

    @Test
    void refusesUnknownFieldsNamingThem() {
        assertThatThrownBy(() -> Json.read(
                        "application/json", "{\"email\": \"a@b.org\", \"admin\": true}", ResolveRequest.class))
                .isInstanceOfSatisfying(IdentityError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
                    assertThat(e.description()).contains("'admin'");
                });
    }

    @Test
    void refusesNeitherBothBlankAndProvisionByEmail() {
        refused("application/json", "{}", ErrorCode.INVALID_REQUEST);
        refused("application/json", "", ErrorCode.INVALID_REQUEST);
        refused("application/json", "{\"email\": null, \"authId\": null}", ErrorCode.INVALID_REQUEST);
        refused("application/json", "{\"email\": \"a@b.org\", \"authId\": \"x\"}", ErrorCode.INVALID_REQUEST);
        refused("application/json", "{\"email\": \"a@b.org\", \"provision\": true}", ErrorCode.INVALID_REQUEST);
        refused("application/json", "{\"authId\": \" \"}", ErrorCode.INVALID_REQUEST);
        refused("application/json", "{\"authId\": \" x\"}", ErrorCode.INVALID_REQUEST);
        refused("application/json", "{\"authId\": \"a\\u0000b\"}", ErrorCode.INVALID_REQUEST);
    }

    @Test
    void refusesBadEmailsAndOverLongValues() {
        refused("application/json", "{\"email\": \"not-an-address\"}", ErrorCode.INVALID_EMAIL);
        refused("application/json", "{\"email\": \"a@b@c.org\"}", ErrorCode.INVALID_EMAIL);
        refused("application/json", "{\"email\": \"a b@c.org\"}", ErrorCode.INVALID_EMAIL);
        refused("application/json", "{\"email\": \"a@localhost\"}", ErrorCode.INVALID_EMAIL);
        refused("application/json", "{\"email\": \"" + "a".repeat(65) + "@c.org\"}", ErrorCode.INVALID_EMAIL);
        refused("application/json", "{\"email\": \"" + "a".repeat(250) + "@c.org\"}", ErrorCode.VALUE_TOO_LONG);
        refused("application/json", "{\"authId\": \"" + "x".repeat(256) + "\"}", ErrorCode.VALUE_TOO_LONG);
        refused("application/json", "{\"authId\": \"" + "x".repeat(20_000) + "\"}", ErrorCode.VALUE_TOO_LONG);
    }

    @Test
    void refusesOtherContentTypesWith415() {
        refused("text/plain", "{\"authId\": \"x\"}", ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        refused(null, "{\"authId\": \"x\"}", ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        refused("application/jsonp", "{\"authId\": \"x\"}", ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    }
}
